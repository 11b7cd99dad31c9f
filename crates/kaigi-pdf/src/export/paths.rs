//! The path operators of stroked annotations' appearance streams, and the
//! quadrilaterals a highlight covers.

use std::fmt::Write as _;

use crate::annotation::{Point, Rect, arrow_head};

/// Ink strokes as path operators; with pressure, each segment gets its own width.
pub fn ink_path(strokes: &[Vec<Point>], width: f32) -> String {
    let mut ops = String::new();
    for stroke in strokes {
        match stroke.as_slice() {
            [] => {}
            [p] => {
                let _ = write!(
                    ops,
                    "{:.2} w {:.2} {:.2} m {:.2} {:.2} l S ",
                    width, p.x, p.y, p.x, p.y
                );
            }
            _ => {
                for pair in stroke.windows(2) {
                    let w = width * (0.5 + pair[1].pressure);
                    let _ = write!(
                        ops,
                        "{w:.2} w {:.2} {:.2} m {:.2} {:.2} l S ",
                        pair[0].x, pair[0].y, pair[1].x, pair[1].y
                    );
                }
            }
        }
    }
    ops
}

/// Quadrilaterals covering a freehand stroke of half-width `half`, one per
/// segment, in the QuadPoints order readers expect (top-left, top-right,
/// bottom-left, bottom-right relative to the segment's direction).
pub fn stroke_quads(points: &[Point], half: f32) -> Vec<[(f32, f32); 4]> {
    let mut quads = Vec::new();
    let mut last: Option<Point> = None;
    for p in points {
        let Some(a) = last else {
            last = Some(*p);
            continue;
        };
        let (dx, dy) = (p.x - a.x, p.y - a.y);
        let len = (dx * dx + dy * dy).sqrt();
        if len < half / 2.0 {
            continue;
        }
        let (nx, ny) = (-dy / len * half, dx / len * half);
        quads.push([
            (a.x + nx, a.y + ny),
            (p.x + nx, p.y + ny),
            (a.x - nx, a.y - ny),
            (p.x - nx, p.y - ny),
        ]);
        last = Some(*p);
    }
    if quads.is_empty()
        && let Some(p) = points.first()
    {
        quads.push([
            (p.x - half, p.y + half),
            (p.x + half, p.y + half),
            (p.x - half, p.y - half),
            (p.x + half, p.y - half),
        ]);
    }
    quads
}

/// An ellipse inscribed in `r` as four Bézier curves.
pub fn ellipse_path(r: &Rect) -> String {
    const K: f32 = 0.552_284_8;
    let (cx, cy) = ((r.left + r.right) / 2.0, (r.bottom + r.top) / 2.0);
    let (rx, ry) = (r.width() / 2.0, r.height() / 2.0);
    let (kx, ky) = (rx * K, ry * K);
    format!(
        "{:.2} {:.2} m {:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c {:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c \
         {:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c {:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c S",
        cx + rx,
        cy,
        cx + rx,
        cy + ky,
        cx + kx,
        cy + ry,
        cx,
        cy + ry,
        cx - kx,
        cy + ry,
        cx - rx,
        cy + ky,
        cx - rx,
        cy,
        cx - rx,
        cy - ky,
        cx - kx,
        cy - ry,
        cx,
        cy - ry,
        cx + kx,
        cy - ry,
        cx + rx,
        cy - ky,
        cx + rx,
        cy,
    )
}

/// A line from `from` to `to` with an open arrow head at `to`.
pub fn arrow_path(from: Point, to: Point, width: f32) -> String {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let len = (dx * dx + dy * dy).sqrt().max(0.001);
    let (ux, uy) = (dx / len, dy / len);
    let head = arrow_head(width);
    let side = |sign: f32| {
        let (c, s) = (0.5f32.cos(), sign * 0.5f32.sin());
        (
            to.x - head * (ux * c - uy * s),
            to.y - head * (uy * c + ux * s),
        )
    };
    let (l, r) = (side(1.0), side(-1.0));
    format!(
        "{:.2} {:.2} m {:.2} {:.2} l S {:.2} {:.2} m {:.2} {:.2} l {:.2} {:.2} l S",
        from.x, from.y, to.x, to.y, l.0, l.1, to.x, to.y, r.0, r.1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f32, y: f32) -> Point {
        Point {
            x,
            y,
            pressure: 0.5,
        }
    }

    #[test]
    fn a_horizontal_stroke_becomes_one_quad_per_segment_around_it() {
        let quads = stroke_quads(&[p(0.0, 10.0), p(20.0, 10.0), p(40.0, 10.0)], 5.0);
        assert_eq!(quads.len(), 2);
        assert_eq!(
            quads[0],
            [(0.0, 15.0), (20.0, 15.0), (0.0, 5.0), (20.0, 5.0)]
        );
    }

    #[test]
    fn a_single_point_highlight_still_covers_something() {
        assert_eq!(stroke_quads(&[p(3.0, 3.0)], 1.0).len(), 1);
    }

    #[test]
    fn the_arrow_head_points_back_along_the_line() {
        let path = arrow_path(p(0.0, 0.0), p(100.0, 0.0), 2.0);
        // Head sides end left of the tip, one above and one below the line.
        let numbers: Vec<f32> = path
            .split_whitespace()
            .filter_map(|t| t.parse().ok())
            .collect();
        let (lx, ly, rx, ry) = (numbers[4], numbers[5], numbers[8], numbers[9]);
        assert!(lx < 100.0 && rx < 100.0, "{path}");
        assert!(ly * ry < 0.0, "{path}");
    }

    #[test]
    fn pressure_changes_the_ink_width() {
        let light = Point {
            pressure: 0.0,
            ..p(1.0, 1.0)
        };
        let heavy = Point {
            pressure: 1.0,
            ..p(2.0, 2.0)
        };
        let ops = ink_path(&[vec![p(0.0, 0.0), light, heavy]], 2.0);
        assert!(ops.starts_with("1.00 w"), "{ops}");
        assert!(ops.contains("3.00 w"), "{ops}");
    }
}
