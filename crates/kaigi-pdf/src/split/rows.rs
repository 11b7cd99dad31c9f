//! Where a page, or a region of it, is cut in two for the two workers.

use crate::protocol::PixelRegion;

/// The top and bottom halves of `region` (the whole page if `None`) of a
/// page `size` pixels large, cut between rows; `None` when it has fewer
/// than two rows on the page.
pub(super) fn halves(
    size: (u32, u32),
    region: Option<PixelRegion>,
) -> Option<(PixelRegion, PixelRegion)> {
    let (width, height) = size;
    let region = region.unwrap_or(PixelRegion {
        x: 0,
        y: 0,
        width,
        height,
    });
    let rows = region.height.min(height.saturating_sub(region.y));
    if rows < 2 {
        return None;
    }
    let top = PixelRegion {
        height: rows / 2,
        ..region
    };
    let bottom = PixelRegion {
        y: region.y + rows / 2,
        height: rows - rows / 2,
        ..region
    };
    Some((top, bottom))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(r: PixelRegion) -> (u32, u32) {
        (r.y, r.y + r.height)
    }

    #[test]
    fn a_page_or_a_region_is_cut_in_two_between_its_rows() {
        let (top, bottom) = halves((1240, 1754), None).unwrap();
        assert_eq!((rows(top), rows(bottom)), ((0, 877), (877, 1754)));
        assert_eq!((top.x, top.width, bottom.width), (0, 1240, 1240));

        let visible = PixelRegion {
            x: 0,
            y: 300,
            width: u32::MAX,
            height: 451,
        };
        let (top, bottom) = halves((1240, 1754), Some(visible)).unwrap();
        assert_eq!((rows(top), rows(bottom)), ((300, 525), (525, 751)));
        assert_eq!((top.width, bottom.width), (u32::MAX, u32::MAX));

        // "To the bottom" regions end at the page's last row.
        let rest = PixelRegion {
            height: u32::MAX,
            ..visible
        };
        let (top, bottom) = halves((1240, 1754), Some(rest)).unwrap();
        assert_eq!((rows(top), rows(bottom)), ((300, 1027), (1027, 1754)));
    }

    #[test]
    fn a_single_row_is_not_cut() {
        assert!(halves((10, 1), None).is_none());
        let last = PixelRegion {
            x: 0,
            y: 1753,
            width: 5,
            height: 40,
        };
        assert!(halves((1240, 1754), Some(last)).is_none());
        assert!(halves((1240, 1754), Some(PixelRegion { y: 2000, ..last })).is_none());
    }
}
