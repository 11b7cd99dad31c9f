//! Where a page has ink: the bands of rows (and the columns within them)
//! that are not all paper.

use super::WHITE;

/// A rectangle of pixels, in pixels of the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// Rows of paper this many or fewer between two inked rows join their bands:
/// each band costs the WebView one call, a few blank rows cost less.
const JOIN_GAP_ROWS: usize = 3;

/// The bands holding every pixel of `px` (rows of `width` pixels) that is
/// not paper, top to bottom. An all-paper image has none.
pub fn find(px: &[u32], width: usize) -> Vec<Band> {
    let mut bands: Vec<Band> = Vec::new();
    // The band being grown: first row, last inked row, and its columns.
    let mut open: Option<(usize, usize, usize, usize)> = None;
    for (y, row) in px.chunks_exact(width.max(1)).enumerate() {
        let Some((from, to)) = ink_span(row) else {
            continue;
        };
        open = match open {
            Some((top, last, x0, x1)) if y - last <= JOIN_GAP_ROWS + 1 => {
                Some((top, y, x0.min(from), x1.max(to)))
            }
            Some(done) => {
                bands.push(band(done));
                Some((y, y, from, to))
            }
            None => Some((y, y, from, to)),
        };
    }
    bands.extend(open.map(band));
    bands
}

fn band((top, last, x0, x1): (usize, usize, usize, usize)) -> Band {
    let u = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    Band {
        x: u(x0),
        y: u(top),
        width: u(x1 - x0),
        height: u(last + 1 - top),
    }
}

/// The columns `[from, to)` from the row's first to its last pixel that is
/// not paper. Paper is compared eight pixels at a time.
fn ink_span(row: &[u32]) -> Option<(usize, usize)> {
    const PAPER: [u32; 8] = [WHITE; 8];
    let head = row.chunks_exact(8).take_while(|c| *c == PAPER).count() * 8;
    let from = head + row[head..].iter().position(|&p| p != WHITE)?;
    let tail = row[from..]
        .rchunks_exact(8)
        .take_while(|c| *c == PAPER)
        .count()
        * 8;
    let end = row.len() - tail;
    let to = from + row[from..end].iter().rposition(|&p| p != WHITE)? + 1;
    Some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INK: u32 = 0xff20_2020;

    #[test]
    fn a_row_spans_its_first_to_its_last_ink() {
        let mut row = vec![WHITE; 40];
        assert_eq!(ink_span(&row), None);
        row[3] = INK;
        assert_eq!(ink_span(&row), Some((3, 4)));
        row[37] = INK;
        assert_eq!(ink_span(&row), Some((3, 38)));
        row[0] = INK;
        row[39] = INK;
        assert_eq!(ink_span(&row), Some((0, 40)));
        assert_eq!(ink_span(&[INK]), Some((0, 1)));
        assert_eq!(ink_span(&[]), None);
    }

    #[test]
    fn lines_close_together_share_a_band_and_far_ones_do_not() {
        let (w, h) = (10, 20);
        let mut px = vec![WHITE; w * h];
        let mut ink = |x: usize, y: usize| px[y * w + x] = INK;
        ink(2, 1);
        ink(7, 1 + JOIN_GAP_ROWS + 1); // a gap of JOIN_GAP_ROWS rows: joined
        ink(5, 12);
        ink(4, 19);
        assert_eq!(
            find(&px, w),
            [
                Band {
                    x: 2,
                    y: 1,
                    width: 6,
                    height: JOIN_GAP_ROWS as u32 + 2
                },
                Band {
                    x: 5,
                    y: 12,
                    width: 1,
                    height: 1
                },
                Band {
                    x: 4,
                    y: 19,
                    width: 1,
                    height: 1
                },
            ]
        );
        assert!(find(&vec![WHITE; w * h], w).is_empty());
    }
}
