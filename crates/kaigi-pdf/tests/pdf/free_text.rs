//! Japanese free text in an annotated copy: other readers draw it, in a font
//! subset embedded in the copy, wrapped as the viewer wraps it, and its text
//! can be copied.

use std::path::Path;
use std::process::Command;

use kaigi_pdf::annotation::{Annotation, Rect, Shape};

use crate::export::Ppm;
use crate::{client, fixture};

const BOX: Rect = Rect {
    left: 60.0,
    bottom: 100.0,
    right: 300.0,
    top: 200.0,
};

fn free_text(text: &str) -> Annotation {
    Annotation {
        id: "jp".into(),
        page: 0,
        color: "#d32f2f".into(),
        width: 1.0,
        shape: Shape::FreeText {
            rect: BOX,
            text: text.into(),
            font_size: 16.0,
        },
    }
}

fn red(p: [u8; 3]) -> bool {
    p[0] > 150 && p[1] < 110 && p[2] < 110
}

fn run(program: &str, args: &[&str], file: &Path, after: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .args(after)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Red points (the note's colour) inside `rect`, and outside it, on a page
/// `width` × `height` points as shown.
fn red_inside_and_outside(page: &Ppm, rect: Rect, (width, height): (f32, f32)) -> (usize, usize) {
    let (mut inside, mut outside) = (0, 0);
    for y in (1..height as u32).map(|v| v as f32) {
        for x in (1..width as u32).map(|v| v as f32) {
            if red(page.at(x, y)) {
                if (rect.left..rect.right).contains(&x) && (rect.bottom..rect.top).contains(&y) {
                    inside += 1;
                } else {
                    outside += 1;
                }
            }
        }
    }
    (inside, outside)
}

#[test]
fn japanese_free_text_shows_in_poppler_with_an_embedded_subset_font() {
    let source = fixture("agenda-ja.pdf");
    let info = client().open(&source, None).unwrap();
    let text = "在宅勤務の実施状況を確認してください。\n担当: 総務課";
    let bytes = client().export(info.id, vec![free_text(text)]).unwrap();
    client().close(info.id);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("free-text.pdf");
    std::fs::write(&copy, &bytes).unwrap();

    run("qpdf", &["--check"], &copy, &[]);
    // pdffonts: name, type, encoding, emb, sub, uni, object.
    let fonts = run("pdffonts", &[], &copy, &[]);
    let subset = fonts
        .lines()
        .find(|l| l.contains("Identity-H"))
        .unwrap_or_else(|| panic!("no subset font in\n{fonts}"));
    let columns: Vec<&str> = subset.split_whitespace().collect();
    assert!(
        columns[0].len() > 7 && columns[0].as_bytes()[6] == b'+',
        "{subset}"
    );
    assert!(subset.contains("Identity-H"), "{subset}");
    assert_eq!(
        columns[columns.len() - 5..columns.len() - 2],
        ["yes", "yes", "yes"],
        "emb sub uni: {subset}"
    );
    assert!(
        bytes.len() < std::fs::metadata(&source).unwrap().len() as usize + 60_000,
        "the subset is small"
    );

    // Poppler draws the text in the note's colour, inside the box only.
    let (inside, outside) =
        red_inside_and_outside(&Ppm::render(&copy, 1, 72), BOX, info.page_sizes[0]);
    assert!(inside > 400, "poppler drew {inside} red points in the box");
    assert_eq!(outside, 0);

    // Flattened into the page, the text reads back through the ToUnicode map,
    // wrapped at the box's width and at the writer's line break.
    let flat = dir.path().join("flat.pdf");
    let status = Command::new("qpdf")
        .args(["--flatten-annotations=all"])
        .arg(&copy)
        .arg(&flat)
        .status()
        .unwrap();
    assert!(status.success());
    let read = run(
        "pdftotext",
        &["-layout", "-f", "1", "-l", "1"],
        &flat,
        &["-"],
    );
    let box_lines: Vec<&str> = read
        .lines()
        .map(str::trim)
        .filter(|l| l.contains("確認") || l.contains("総務") || l.contains("在宅勤務の"))
        .collect();
    let joined: String = box_lines.concat();
    assert!(
        joined.contains("在宅勤務の実施状況を") && joined.contains("担当: 総務課"),
        "{read}"
    );
    assert!(
        box_lines.len() >= 3,
        "wrapped into at least three lines: {box_lines:?}"
    );
}

#[test]
fn kaigi_shows_the_free_text_of_a_copy_it_exported() {
    let info = client().open(&fixture("agenda-ja.pdf"), None).unwrap();
    let bytes = client()
        .export(info.id, vec![free_text("会議資料")])
        .unwrap();
    let copy = client().open_bytes(bytes, None).unwrap();
    let page = client().render_page(copy.id, 0, 1.0).unwrap();
    let red = page
        .rgba
        .chunks_exact(4)
        .enumerate()
        .filter(|(i, p)| {
            let (x, y) = (
                (i % page.width as usize) as f32,
                page.height as f32 - (i / page.width as usize) as f32,
            );
            red([p[0], p[1], p[2]])
                && (BOX.left..=BOX.right).contains(&x)
                && (BOX.bottom..=BOX.top).contains(&y)
        })
        .count();
    assert!(red > 50, "PDFium drew {red} red pixels of the text");
    client().close(info.id);
    client().close(copy.id);
}

#[test]
fn free_text_on_turned_pages_reads_upright_where_it_was_written() {
    let source = fixture("turned.pdf");
    let info = client().open(&source, None).unwrap();
    let boxes: Vec<Rect> = info
        .page_sizes
        .iter()
        .map(|&(w, h)| Rect {
            left: w * 0.15,
            right: w * 0.85,
            bottom: h * 0.45,
            top: h * 0.45 + 60.0,
        })
        .collect();
    let notes: Vec<Annotation> = boxes
        .iter()
        .enumerate()
        .map(|(page, &rect)| Annotation {
            page: page as u32,
            shape: Shape::FreeText {
                rect,
                text: "回転したページの書き込み".into(),
                font_size: 14.0,
            },
            ..free_text("")
        })
        .collect();
    let bytes = client().export(info.id, notes).unwrap();
    client().close(info.id);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("turned-free-text.pdf");
    std::fs::write(&copy, &bytes).unwrap();
    run("qpdf", &["--check"], &copy, &[]);
    for (page, rect) in boxes.iter().enumerate() {
        let shown = Ppm::render(&copy, page as u32 + 1, 72);
        let (inside, outside) = red_inside_and_outside(&shown, *rect, info.page_sizes[page]);
        assert!(inside > 200, "page {page}: {inside} red points in the box");
        assert_eq!(outside, 0, "page {page}");
        // Upright: the first line sits at the top of the box, so its upper
        // half holds more of the text than its lower half.
        let middle = (rect.top + rect.bottom) / 2.0;
        let upper = red_inside_and_outside(
            &shown,
            Rect {
                bottom: middle,
                ..*rect
            },
            info.page_sizes[page],
        )
        .0;
        assert!(
            upper * 2 > inside,
            "page {page}: text not at the top of its box"
        );
    }
}
