//! Carrying annotations from one version of a document to the next.
//!
//! Each annotation is anchored by a text quote and its page: the line of text
//! it covers most (or, for a mark beside the text, the nearest line). In the
//! new version that line is looked for on the same page first, then on pages
//! ever further away; the annotation moves with it, to its page and by the
//! distance it moved on the page. A mark on a page without text keeps its
//! page and place. What cannot be placed is returned with its quote, never
//! dropped.

use serde::Serialize;

use crate::annotation::{Annotation, Rect};
use crate::protocol::{PageText, TextRun};

/// How far (PDF points) from a line a mark beside it still belongs to it.
const NEAR: f32 = 48.0;
/// Shorter quotes are matched only as a whole line, not inside a longer one.
const MIN_PARTIAL: usize = 4;

/// An annotation that found no place in the new version.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Unplaced {
    pub annotation: Annotation,
    /// The line of the old version it was anchored to.
    pub quote: String,
}

/// The outcome of [`carry`].
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Carried {
    /// Annotations at their place in the new version (ids unchanged).
    pub placed: Vec<Annotation>,
    pub unplaced: Vec<Unplaced>,
}

/// Moves `annotations` of the old version (whose pages' text is `old`) to
/// the new version (whose pages' text is `new`).
pub fn carry(annotations: &[Annotation], old: &[PageText], new: &[PageText]) -> Carried {
    let mut out = Carried::default();
    for annotation in annotations {
        let page = annotation.page as usize;
        let anchor = annotation
            .bounds()
            .zip(old.get(page))
            .and_then(|(bounds, text)| anchor_run(bounds, &text.runs));
        match anchor {
            Some(run) => match find(run, page, new) {
                Some((to_page, to)) => {
                    let mut moved =
                        annotation.translated(to.left - run.rect.left, to.top - run.rect.top);
                    moved.page = u32::try_from(to_page).unwrap_or(u32::MAX);
                    out.placed.push(moved);
                }
                None => out.unplaced.push(Unplaced {
                    annotation: annotation.clone(),
                    quote: run.text.trim().to_owned(),
                }),
            },
            // Nothing written near it: it keeps its page, if there is one.
            None if page < new.len() => out.placed.push(annotation.clone()),
            None => out.unplaced.push(Unplaced {
                annotation: annotation.clone(),
                quote: String::new(),
            }),
        }
    }
    out
}

/// The line an annotation covering `bounds` belongs to: the one it overlaps
/// most, else the nearest within [`NEAR`].
fn anchor_run(bounds: Rect, runs: &[TextRun]) -> Option<&TextRun> {
    let runs = runs.iter().filter(|r| !key(&r.text).is_empty());
    let overlap = |r: &TextRun| {
        let w = bounds.right.min(r.rect.right) - bounds.left.max(r.rect.left);
        let h = bounds.top.min(r.rect.top) - bounds.bottom.max(r.rect.bottom);
        if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
    };
    let gap = |r: &TextRun| {
        let dx = (r.rect.left - bounds.right)
            .max(bounds.left - r.rect.right)
            .max(0.0);
        let dy = (r.rect.bottom - bounds.top)
            .max(bounds.bottom - r.rect.top)
            .max(0.0);
        dx.hypot(dy)
    };
    let most = runs
        .clone()
        .map(|r| (overlap(r), r))
        .filter(|(o, _)| *o > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, r)| r);
    most.or_else(|| {
        runs.map(|r| (gap(r), r))
            .filter(|(g, _)| *g <= NEAR)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, r)| r)
    })
}

/// Where the line `run` of old page `page` is in the new version: the same
/// line on the nearest page (the same page first, then later before
/// earlier), and on that page the one nearest its old place. A whole-line
/// match is preferred to the quote found inside a longer line.
fn find(run: &TextRun, page: usize, new: &[PageText]) -> Option<(usize, Rect)> {
    let quote = key(&run.text);
    let by_distance = |p: &usize| (p.abs_diff(page), *p < page);
    let mut pages: Vec<usize> = (0..new.len()).collect();
    pages.sort_by_key(by_distance);
    let nearest_on = |p: usize, whole: bool| {
        new[p]
            .runs
            .iter()
            .filter(|r| {
                let k = key(&r.text);
                if whole {
                    k == quote
                } else {
                    quote.chars().count() >= MIN_PARTIAL && k.contains(&quote)
                }
            })
            .min_by(|a, b| {
                let d =
                    |r: &TextRun| (r.rect.left - run.rect.left).hypot(r.rect.top - run.rect.top);
                d(a).total_cmp(&d(b))
            })
            .map(|r| (p, r.rect))
    };
    [true, false]
        .into_iter()
        .find_map(|whole| pages.iter().find_map(|&p| nearest_on(p, whole)))
}

/// A line's text for matching: without white space, which extraction adds
/// and drops between versions.
fn key(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Point, Shape};

    fn run(text: &str, left: f32, top: f32) -> TextRun {
        TextRun {
            text: text.into(),
            rect: Rect {
                left,
                bottom: top - 14.0,
                right: left + 200.0,
                top,
            },
        }
    }

    fn note(id: &str, page: u32, x: f32, y: f32) -> Annotation {
        Annotation {
            id: id.into(),
            page,
            color: "#d32f2f".into(),
            width: 1.0,
            shape: Shape::Note {
                at: Point {
                    x,
                    y,
                    pressure: 0.5,
                },
                text: "確認".into(),
            },
        }
    }

    fn pages(runs: Vec<Vec<TextRun>>) -> Vec<PageText> {
        runs.into_iter().map(|runs| PageText { runs }).collect()
    }

    #[test]
    fn a_mark_follows_its_line_to_another_page_and_place() {
        let old = pages(vec![vec![run("予算 の 説明", 60.0, 700.0)], vec![]]);
        let new = pages(vec![
            vec![run("表紙", 60.0, 700.0)],
            vec![run("はじめに", 60.0, 700.0), run("予算の説明", 80.0, 650.0)],
        ]);
        let carried = carry(&[note("a", 0, 100.0, 695.0)], &old, &new);
        assert!(carried.unplaced.is_empty());
        let moved = &carried.placed[0];
        assert_eq!(moved.page, 1);
        let Shape::Note { at, .. } = &moved.shape else {
            panic!("{moved:?}")
        };
        assert_eq!((at.x, at.y), (120.0, 645.0));
    }

    #[test]
    fn the_same_page_wins_over_an_equal_line_elsewhere() {
        let line = || run("同じ行", 60.0, 700.0);
        let old = pages(vec![vec![], vec![line()]]);
        let new = pages(vec![vec![line()], vec![line()], vec![line()]]);
        let carried = carry(&[note("a", 1, 70.0, 690.0)], &old, &new);
        assert_eq!(carried.placed[0].page, 1);
    }

    #[test]
    fn a_removed_line_leaves_its_mark_unplaced_with_the_quote() {
        let old = pages(vec![vec![run("消える行", 60.0, 700.0)]]);
        let new = pages(vec![vec![run("別の行", 60.0, 700.0)]]);
        let carried = carry(&[note("a", 0, 70.0, 690.0)], &old, &new);
        assert!(carried.placed.is_empty());
        assert_eq!(carried.unplaced[0].quote, "消える行");
        assert_eq!(carried.unplaced[0].annotation.id, "a");
    }

    #[test]
    fn a_mark_far_from_any_text_keeps_its_page_while_the_page_exists() {
        let old = pages(vec![vec![run("行", 60.0, 700.0)], vec![]]);
        let new = pages(vec![vec![run("行", 60.0, 700.0)]]);
        let far = note("far", 0, 400.0, 200.0);
        let gone = note("gone", 1, 400.0, 200.0);
        let carried = carry(&[far.clone(), gone], &old, &new);
        assert_eq!(carried.placed, vec![far]);
        assert_eq!(carried.unplaced[0].annotation.id, "gone");
        assert_eq!(carried.unplaced[0].quote, "");
    }

    #[test]
    fn a_long_quote_is_found_inside_a_longer_line() {
        let old = pages(vec![vec![run("提出してください。", 60.0, 700.0)]]);
        let new = pages(vec![vec![run("期限までに提出してください。", 60.0, 600.0)]]);
        let carried = carry(&[note("a", 0, 70.0, 690.0)], &old, &new);
        assert_eq!(carried.placed.len(), 1);
        let short = pages(vec![vec![run("予算", 60.0, 700.0)]]);
        let longer = pages(vec![vec![run("予算案", 60.0, 600.0)]]);
        let carried = carry(&[note("b", 0, 70.0, 690.0)], &short, &longer);
        assert_eq!(
            carried.unplaced.len(),
            1,
            "a two-character quote must match a whole line"
        );
    }
}
