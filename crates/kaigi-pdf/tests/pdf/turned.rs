//! Pages turned by `/Rotate` or cropped away from the origin (turned.pdf):
//! text, search hits and exported marks land where the page shows them, in
//! Kaigi's rendering and in poppler's.

use kaigi_pdf::annotation::{Annotation, Point, Rect, Shape};

use crate::export::{Ppm, is_white};
use crate::{client, fixture};

/// Whether some pixel inside `r` (shown points) is dark on a page rendered at
/// one pixel per point.
fn dark_inside(page: &kaigi_pdf::RenderedPage, r: &Rect) -> bool {
    let (w, h) = (page.width as i64, page.height as i64);
    let rows = (h - r.top.ceil() as i64).max(0)..(h - r.bottom.floor() as i64).min(h);
    let cols = (r.left.floor() as i64).max(0)..(r.right.ceil() as i64).min(w);
    rows.into_iter().any(|y| {
        cols.clone().any(|x| {
            let i = ((y * w + x) * 4) as usize;
            page.rgba[i..i + 3].iter().all(|&c| c < 100)
        })
    })
}

#[test]
fn text_and_search_hits_lie_over_the_glyphs_on_every_turned_page() {
    let info = client().open(&fixture("turned.pdf"), None).unwrap();
    assert_eq!(info.page_count, 4);
    for page in 0..info.page_count {
        let (w, h) = info.page_sizes[page as usize];
        let pixels = client().render_page(info.id, page, 1.0).unwrap();
        let text = client().page_text(info.id, page).unwrap();
        assert!(text.runs.len() >= 2, "page {}: {:?}", page + 1, text.runs);
        for run in &text.runs {
            let r = run.rect;
            assert!(
                r.left >= -1.0 && r.bottom >= -1.0 && r.right <= w + 1.0 && r.top <= h + 1.0,
                "page {}: {:?} lies outside the shown page {w}×{h}",
                page + 1,
                run
            );
            assert!(
                dark_inside(&pixels, &r),
                "page {}: no glyph under {:?}",
                page + 1,
                run
            );
        }
    }
    let hits = client().search(info.id, "在宅勤務").unwrap();
    assert_eq!(hits.len(), 4);
    for hit in &hits {
        let pixels = client().render_page(info.id, hit.page, 1.0).unwrap();
        assert!(hit.rects.iter().all(|r| dark_inside(&pixels, r)), "{hit:?}");
    }
    client().close(info.id);
}

fn ink_near_bottom_left(page: u32) -> Annotation {
    Annotation {
        id: format!("ink-{page}"),
        page,
        color: "#d32f2f".into(),
        width: 6.0,
        shape: Shape::Ink {
            strokes: vec![
                (0..=20)
                    .map(|i| Point {
                        x: 30.0 + i as f32 * 5.0,
                        y: 40.0,
                        pressure: 0.5,
                    })
                    .collect(),
            ],
        },
    }
}

#[test]
fn marks_are_exported_where_the_turned_page_shows_them() {
    let source = fixture("turned.pdf");
    let info = client().open(&source, None).unwrap();
    let marks: Vec<Annotation> = (0..info.page_count).map(ink_near_bottom_left).collect();
    let bytes = client().export(info.id, marks).unwrap();
    client().close(info.id);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("turned-annotated.pdf");
    std::fs::write(&copy, &bytes).unwrap();

    let reopened = client().open_bytes(bytes, None).unwrap();
    for page in 0..info.page_count {
        // Poppler, an independent reader, shows the ink where it was drawn.
        let before = Ppm::render(&source, page + 1, 72);
        let after = Ppm::render(&copy, page + 1, 72);
        assert!(
            is_white(before.at(80.0, 40.0)),
            "page {}: not blank",
            page + 1
        );
        let ink = after.at(80.0, 40.0);
        assert!(
            ink[0] > 150 && ink[1] < 100 && ink[2] < 100,
            "page {}: poppler shows {ink:?} where the ink was drawn",
            page + 1
        );
        // And so does PDFium, reopening the copy.
        let pixels = client().render_page(reopened.id, page, 1.0).unwrap();
        let i = (((pixels.height as usize) - 41) * pixels.width as usize + 80) * 4;
        let px = &pixels.rgba[i..i + 3];
        assert!(
            px[0] > 150 && px[1] < 100,
            "page {}: PDFium shows {px:?}",
            page + 1
        );
    }
    client().close(reopened.id);
}
