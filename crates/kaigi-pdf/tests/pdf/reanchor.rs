//! Annotations carried from agenda-ja.pdf to its revised version, with the
//! text PDFium reads from both: a page inserted before them, a line added
//! above them, a line removed.

use kaigi_pdf::annotation::{Annotation, Point, Rect, Shape};
use kaigi_pdf::protocol::PageText;
use kaigi_pdf::reanchor::carry;

use crate::{client, fixture};

fn texts(name: &str) -> Vec<PageText> {
    let info = client().open(&fixture(name), None).unwrap();
    let pages = (0..info.page_count)
        .map(|p| client().page_text(info.id, p).unwrap())
        .collect();
    client().close(info.id);
    pages
}

fn line<'a>(pages: &'a [PageText], page: usize, starts: &str) -> &'a Rect {
    &pages[page]
        .runs
        .iter()
        .find(|r| r.text.starts_with(starts))
        .unwrap_or_else(|| panic!("no line {starts:?} on page {page}: {:?}", pages[page]))
        .rect
}

fn mark(id: &str, page: u32, shape: Shape) -> Annotation {
    Annotation {
        id: id.into(),
        page,
        color: "#f9a825".into(),
        width: 2.0,
        shape,
    }
}

fn pt(x: f32, y: f32) -> Point {
    Point {
        x,
        y,
        pressure: 0.5,
    }
}

#[test]
fn annotations_follow_their_lines_into_the_revised_version() {
    let old = texts("agenda-ja.pdf");
    let new = texts("agenda-ja-v2.pdf");
    assert_eq!((old.len(), new.len()), (3, 4));

    let telework = *line(&old, 1, "在宅勤務を利用した");
    let request = *line(&old, 1, "次回までに");
    let closing = *line(&old, 2, "会議終了後");
    let highlight = mark(
        "highlight",
        1,
        Shape::TextHighlight {
            rects: vec![telework],
            text: "在宅勤務を利用した所属数".into(),
        },
    );
    let note = mark(
        "note",
        1,
        Shape::Note {
            at: pt(request.right + 10.0, request.top),
            text: "担当に確認".into(),
        },
    );
    let ink = mark(
        "ink",
        2,
        Shape::Ink {
            strokes: vec![vec![
                pt(closing.left, closing.bottom - 2.0),
                pt(closing.right, closing.bottom - 2.0),
            ]],
        },
    );
    let blank = mark(
        "blank",
        0,
        Shape::Rectangle {
            rect: Rect::from_corners((200.0, 300.0), (400.0, 400.0)),
        },
    );

    let carried = carry(&[highlight, note, ink, blank.clone()], &old, &new);

    // The highlighted line is on page 3 now, one line lower.
    let moved = carried.placed.iter().find(|a| a.id == "highlight").unwrap();
    assert_eq!(moved.page, 2);
    let target = *line(&new, 2, "在宅勤務を利用した");
    let Shape::TextHighlight { rects, .. } = &moved.shape else {
        panic!("{moved:?}")
    };
    assert!(
        (rects[0].top - target.top).abs() < 0.5,
        "{rects:?} vs {target:?}"
    );
    assert!((rects[0].left - target.left).abs() < 0.5);
    assert!(target.top < telework.top - 20.0, "the line moved down");

    // The underline moved a page on with 資料2, at the same place.
    let moved = carried.placed.iter().find(|a| a.id == "ink").unwrap();
    assert_eq!(moved.page, 3);
    let under = *line(&new, 3, "会議終了後");
    let Shape::Ink { strokes } = &moved.shape else {
        panic!("{moved:?}")
    };
    assert!(
        (strokes[0][0].y - (under.bottom - 2.0)).abs() < 0.5,
        "{strokes:?}"
    );
    assert!((strokes[0][0].x - under.left).abs() < 0.5);

    // The mark away from all text keeps its page and place.
    assert!(carried.placed.contains(&blank));

    // The note beside the removed line is not placed, and says where it was.
    assert_eq!(carried.unplaced.len(), 1, "{:?}", carried.unplaced);
    assert_eq!(carried.unplaced[0].annotation.id, "note");
    assert!(carried.unplaced[0].quote.starts_with("次回までに"));
}
