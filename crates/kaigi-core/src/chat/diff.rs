//! A serialisable mirror of `eyeball_im::VectorDiff`, for lists the UI keeps.

use eyeball_im::VectorDiff;
use futures_util::{Stream, StreamExt};
use serde::Serialize;

/// One change to a list the UI holds. Apply in order.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum ListDiff<T> {
    Reset { values: Vec<T> },
    Append { values: Vec<T> },
    Clear,
    PushFront { value: T },
    PushBack { value: T },
    PopFront,
    PopBack,
    Insert { index: u32, value: T },
    Set { index: u32, value: T },
    Remove { index: u32 },
    Truncate { length: u32 },
}

impl<T> ListDiff<T> {
    /// Maps a matrix-sdk diff, converting each item with `f`.
    pub fn from_vector_diff<U: Clone>(diff: VectorDiff<U>, f: impl Fn(&U) -> T) -> Self {
        let idx = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        match diff {
            VectorDiff::Append { values } => Self::Append {
                values: values.iter().map(&f).collect(),
            },
            VectorDiff::Clear => Self::Clear,
            VectorDiff::PushFront { value } => Self::PushFront { value: f(&value) },
            VectorDiff::PushBack { value } => Self::PushBack { value: f(&value) },
            VectorDiff::PopFront => Self::PopFront,
            VectorDiff::PopBack => Self::PopBack,
            VectorDiff::Insert { index, value } => Self::Insert {
                index: idx(index),
                value: f(&value),
            },
            VectorDiff::Set { index, value } => Self::Set {
                index: idx(index),
                value: f(&value),
            },
            VectorDiff::Remove { index } => Self::Remove { index: idx(index) },
            VectorDiff::Truncate { length } => Self::Truncate {
                length: idx(length),
            },
            VectorDiff::Reset { values } => Self::Reset {
                values: values.iter().map(&f).collect(),
            },
        }
    }
}

/// Forwards a matrix-sdk diff stream to `on_diffs`, converting items with
/// `convert`, batch by batch, until the stream ends.
pub(crate) async fn forward<U: Clone, T>(
    stream: impl Stream<Item = Vec<VectorDiff<U>>>,
    convert: impl Fn(&U) -> T,
    on_diffs: impl Fn(Vec<ListDiff<T>>),
) {
    let mut stream = std::pin::pin!(stream);
    while let Some(diffs) = stream.next().await {
        on_diffs(
            diffs
                .into_iter()
                .map(|d| ListDiff::from_vector_diff(d, &convert))
                .collect(),
        );
    }
}

impl<T: Clone> ListDiff<T> {
    /// Applies this change to a local copy of the list (as the UI does).
    pub fn apply_to(self, list: &mut Vec<T>) {
        let at = |i: u32, len: usize| (i as usize).min(len);
        match self {
            Self::Reset { values } => *list = values,
            Self::Append { values } => list.extend(values),
            Self::Clear => list.clear(),
            Self::PushFront { value } => list.insert(0, value),
            Self::PushBack { value } => list.push(value),
            Self::PopFront => {
                if !list.is_empty() {
                    list.remove(0);
                }
            }
            Self::PopBack => {
                list.pop();
            }
            Self::Insert { index, value } => list.insert(at(index, list.len()), value),
            Self::Set { index, value } => {
                if let Some(slot) = list.get_mut(index as usize) {
                    *slot = value;
                }
            }
            Self::Remove { index } => {
                if (index as usize) < list.len() {
                    list.remove(index as usize);
                }
            }
            Self::Truncate { length } => list.truncate(length as usize),
        }
    }
}

#[cfg(test)]
mod tests {
    use eyeball_im::Vector;

    use super::*;

    #[test]
    fn maps_every_kind_of_diff_with_the_item_converter() {
        let double = |x: &i32| x * 2;
        assert_eq!(
            ListDiff::from_vector_diff(VectorDiff::Insert { index: 2, value: 5 }, double),
            ListDiff::Insert {
                index: 2,
                value: 10
            }
        );
        assert_eq!(
            ListDiff::from_vector_diff(
                VectorDiff::Reset {
                    values: Vector::from(vec![1, 2])
                },
                double
            ),
            ListDiff::Reset { values: vec![2, 4] }
        );
        assert_eq!(
            ListDiff::from_vector_diff(VectorDiff::<i32>::PopBack, double),
            ListDiff::PopBack
        );
        let mut list = vec![1, 2, 3];
        ListDiff::Remove { index: 0 }.apply_to(&mut list);
        ListDiff::Insert { index: 1, value: 9 }.apply_to(&mut list);
        ListDiff::PushFront { value: 0 }.apply_to(&mut list);
        ListDiff::Set { index: 3, value: 7 }.apply_to(&mut list);
        assert_eq!(list, vec![0, 2, 9, 7]);
        let json = serde_json::to_string(&ListDiff::Set { index: 1, value: 3 }).unwrap();
        assert_eq!(json, r#"{"op":"set","index":1,"value":3}"#);
    }
}
