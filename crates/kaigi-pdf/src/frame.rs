//! Where a page as shown sits in the PDF's own coordinates.
//!
//! Kaigi's page coordinates (annotations, text runs, search hits) are points
//! from the bottom-left corner of the page *as shown*, y up: what the reader
//! sees and points at. A PDF's user space differs from that when the page's
//! crop box does not start at the origin, or when `/Rotate` turns the page.
//! The worker converts at its edge: text and search results go out in shown
//! coordinates, and annotations are written back in user space on export.
//!
//! The frame is taken from PDFium's own device mapping (three corners of the
//! shown page), so it agrees with the rendered pixels in every case PDFium
//! handles: inherited boxes, crop boxes outside the media box, odd rotations.

use crate::annotation::Rect;

/// An affine map from shown coordinates to user space: the user-space point
/// of the shown page's bottom-left corner, and where one shown point along x
/// and along y goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageFrame {
    origin: (f64, f64),
    x_axis: (f64, f64),
    y_axis: (f64, f64),
}

/// Device pixels per point when sampling PDFium's mapping: fine enough that
/// its whole-pixel device coordinates cost no precision.
const SAMPLE_SCALE: f64 = 64.0;

impl PageFrame {
    /// The identity: shown coordinates are user space.
    pub const IDENTITY: Self = Self {
        origin: (0.0, 0.0),
        x_axis: (1.0, 0.0),
        y_axis: (0.0, 1.0),
    };

    /// The frame of a page shown `width` × `height` points, from the user-space
    /// points of its shown bottom-left, bottom-right and top-left corners.
    /// A degenerate sample gives the identity.
    pub fn from_corners(
        width: f64,
        height: f64,
        bottom_left: (f64, f64),
        bottom_right: (f64, f64),
        top_left: (f64, f64),
    ) -> Self {
        if !(width > 0.0 && height > 0.0) {
            return Self::IDENTITY;
        }
        let frame = Self {
            origin: bottom_left,
            x_axis: (
                (bottom_right.0 - bottom_left.0) / width,
                (bottom_right.1 - bottom_left.1) / width,
            ),
            y_axis: (
                (top_left.0 - bottom_left.0) / height,
                (top_left.1 - bottom_left.1) / height,
            ),
        };
        if frame.determinant().abs() < 1e-6 || !frame.determinant().is_finite() {
            return Self::IDENTITY;
        }
        frame
    }

    /// Samples a page shown `width` × `height` points: `device_to_user` is
    /// PDFium's `FPDF_DeviceToPage` for a device of the size it is given
    /// (`size_x`, `size_y`, `x`, `y`: y down), answering user-space points.
    pub fn sample(
        width: f64,
        height: f64,
        device_to_user: impl Fn(i32, i32, i32, i32) -> Option<(f64, f64)>,
    ) -> Self {
        let px = |v: f64| {
            (v * SAMPLE_SCALE)
                .round()
                .clamp(1.0, f64::from(i32::MAX / 4)) as i32
        };
        let (w, h) = (px(width), px(height));
        let corner = |x, y| device_to_user(w, h, x, y);
        match (corner(0, h), corner(w, h), corner(0, 0)) {
            (Some(bl), Some(br), Some(tl)) => Self::from_corners(
                f64::from(w) / SAMPLE_SCALE,
                f64::from(h) / SAMPLE_SCALE,
                bl,
                br,
                tl,
            ),
            _ => Self::IDENTITY,
        }
    }

    fn determinant(&self) -> f64 {
        self.x_axis.0 * self.y_axis.1 - self.y_axis.0 * self.x_axis.1
    }

    /// The map as a PDF matrix `[a b c d e f]`.
    pub fn matrix(&self) -> [f64; 6] {
        [
            self.x_axis.0,
            self.x_axis.1,
            self.y_axis.0,
            self.y_axis.1,
            self.origin.0,
            self.origin.1,
        ]
    }

    /// A shown point in user space.
    pub fn to_user(&self, x: f32, y: f32) -> (f32, f32) {
        let (x, y) = (f64::from(x), f64::from(y));
        (
            (self.origin.0 + x * self.x_axis.0 + y * self.y_axis.0) as f32,
            (self.origin.1 + x * self.x_axis.1 + y * self.y_axis.1) as f32,
        )
    }

    /// A user-space point as shown.
    pub fn to_shown(&self, x: f32, y: f32) -> (f32, f32) {
        let (dx, dy) = (f64::from(x) - self.origin.0, f64::from(y) - self.origin.1);
        let det = self.determinant();
        (
            ((dx * self.y_axis.1 - dy * self.y_axis.0) / det) as f32,
            ((dy * self.x_axis.0 - dx * self.x_axis.1) / det) as f32,
        )
    }

    /// A user-space rectangle as shown (pages turn by quarter turns, so a
    /// rectangle stays one).
    pub fn rect_to_shown(&self, r: Rect) -> Rect {
        Rect::from_corners(
            self.to_shown(r.left, r.bottom),
            self.to_shown(r.right, r.top),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An A4 page (595 × 842 user space) turned a quarter clockwise is shown
    /// 842 wide and 595 high; its user-space top-left corner is shown top-right.
    fn quarter_turn() -> PageFrame {
        PageFrame::from_corners(842.0, 595.0, (0.0, 842.0), (0.0, 0.0), (595.0, 842.0))
    }

    #[test]
    fn a_quarter_turn_maps_corners_both_ways() {
        let f = quarter_turn();
        assert_eq!(f.to_user(0.0, 0.0), (0.0, 842.0));
        assert_eq!(f.to_user(842.0, 595.0), (595.0, 0.0));
        assert_eq!(f.to_shown(0.0, 842.0), (0.0, 0.0));
        let (x, y) = f.to_shown(100.0, 700.0);
        assert_eq!(f.to_user(x, y), (100.0, 700.0));
    }

    #[test]
    fn a_crop_box_away_from_the_origin_shifts_everything() {
        let f =
            PageFrame::from_corners(395.0, 542.0, (100.0, 150.0), (495.0, 150.0), (100.0, 692.0));
        assert_eq!(f.to_shown(120.0, 400.0), (20.0, 250.0));
        assert_eq!(f.to_user(20.0, 250.0), (120.0, 400.0));
        let r = f.rect_to_shown(Rect {
            left: 110.0,
            bottom: 160.0,
            right: 130.0,
            top: 170.0,
        });
        assert_eq!((r.left, r.bottom, r.right, r.top), (10.0, 10.0, 30.0, 20.0));
    }

    #[test]
    fn a_rectangle_stays_upright_after_a_half_turn() {
        let f = PageFrame::from_corners(595.0, 842.0, (595.0, 842.0), (0.0, 842.0), (595.0, 0.0));
        let r = f.rect_to_shown(Rect {
            left: 0.0,
            bottom: 0.0,
            right: 10.0,
            top: 20.0,
        });
        assert_eq!(
            (r.left, r.bottom, r.right, r.top),
            (585.0, 822.0, 595.0, 842.0)
        );
    }

    #[test]
    fn a_degenerate_sample_is_the_identity() {
        let f = PageFrame::from_corners(100.0, 100.0, (0.0, 0.0), (0.0, 0.0), (0.0, 0.0));
        assert_eq!(f, PageFrame::IDENTITY);
        assert_eq!(
            PageFrame::from_corners(0.0, 0.0, (1.0, 1.0), (2.0, 1.0), (1.0, 2.0)),
            PageFrame::IDENTITY
        );
    }
}
