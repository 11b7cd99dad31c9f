//! "Save annotated copy" writes standard PDF annotations that other readers
//! (poppler here) draw, that qpdf accepts, and that Kaigi shows on reopening.

use std::path::Path;
use std::process::Command;

use kaigi_pdf::PdfError;
use kaigi_pdf::annotation::{Annotation, Point, Rect, Shape};

use crate::{client, fixture};

fn p(x: f32, y: f32) -> Point {
    Point {
        x,
        y,
        pressure: 0.5,
    }
}

fn annotation(id: &str, color: &str, width: f32, shape: Shape) -> Annotation {
    Annotation {
        id: id.into(),
        page: 0,
        color: color.into(),
        width,
        shape,
    }
}

/// One of each kind, in the empty lower half of an A4 page of agenda-ja.pdf.
pub(crate) fn one_of_each() -> Vec<Annotation> {
    vec![
        annotation(
            "ink",
            "#d32f2f",
            4.0,
            Shape::Ink {
                strokes: vec![(0..40).map(|i| p(100.0 + i as f32 * 5.0, 300.0)).collect()],
            },
        ),
        annotation(
            "free-hl",
            "#ffeb3b",
            14.0,
            Shape::FreehandHighlight {
                points: vec![p(100.0, 250.0), p(200.0, 250.0), p(300.0, 255.0)],
            },
        ),
        annotation(
            "text-hl",
            "#ffeb3b",
            1.0,
            Shape::TextHighlight {
                rects: vec![Rect {
                    left: 58.0,
                    bottom: 698.0,
                    right: 300.0,
                    top: 716.0,
                }],
                text: "資料1 テレワーク実施状況について".into(),
            },
        ),
        annotation(
            "note",
            "#ff9800",
            1.0,
            Shape::Note {
                at: p(500.0, 400.0),
                text: "確認してください".into(),
            },
        ),
        annotation(
            "free-text",
            "#1565c0",
            1.0,
            Shape::FreeText {
                rect: Rect {
                    left: 350.0,
                    bottom: 180.0,
                    right: 550.0,
                    top: 220.0,
                },
                text: "Check figures".into(),
                font_size: 14.0,
            },
        ),
        annotation(
            "rect",
            "#2e7d32",
            3.0,
            Shape::Rectangle {
                rect: Rect::from_corners((80.0, 100.0), (200.0, 160.0)),
            },
        ),
        annotation(
            "ellipse",
            "#6a1b9a",
            3.0,
            Shape::Ellipse {
                rect: Rect::from_corners((220.0, 100.0), (330.0, 160.0)),
            },
        ),
        annotation(
            "arrow",
            "#000000",
            2.0,
            Shape::Arrow {
                from: p(350.0, 120.0),
                to: p(540.0, 150.0),
            },
        ),
    ]
}

/// A page rendered by poppler as RGB rows (P6 PPM).
pub struct Ppm {
    width: usize,
    height: usize,
    dpi: u32,
    rgb: Vec<u8>,
}

impl Ppm {
    /// Page `page` (1-based) of `pdf` as poppler draws it at `dpi`: its crop
    /// box, as readers show it.
    pub fn render(pdf: &Path, page: u32, dpi: u32) -> Self {
        let out = tempfile::tempdir().unwrap();
        let prefix = out.path().join("page");
        let page = page.to_string();
        let status = Command::new("pdftoppm")
            .args(["-cropbox", "-r", &dpi.to_string(), "-f", &page, "-l", &page])
            .arg("-singlefile")
            .arg(pdf)
            .arg(&prefix)
            .status()
            .expect("pdftoppm (poppler-utils) must be installed");
        assert!(status.success());
        let bytes = std::fs::read(prefix.with_extension("ppm")).unwrap();
        // "P6\n<w> <h>\n255\n" then pixels.
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
            at += 1;
        }
        Self {
            width: fields[1].parse().unwrap(),
            height: fields[2].parse().unwrap(),
            dpi,
            rgb: bytes[at..].to_vec(),
        }
    }

    /// The pixel at (x, y) in points from the bottom-left of the page as shown.
    pub fn at(&self, x: f32, y: f32) -> [u8; 3] {
        let s = self.dpi as f32 / 72.0;
        let (px, py) = (
            (x * s) as usize,
            self.height - 1 - ((y * s) as usize).min(self.height - 1),
        );
        let i = (py * self.width + px.min(self.width - 1)) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }
}

pub fn is_white(px: [u8; 3]) -> bool {
    px.iter().all(|&c| c > 240)
}

#[test]
fn the_annotated_copy_shows_every_mark_in_poppler_and_passes_qpdf() {
    let source = fixture("agenda-ja.pdf");
    let info = client().open(&source, None).unwrap();
    let bytes = client().export(info.id, one_of_each()).unwrap();
    client().close(info.id);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("annotated.pdf");
    std::fs::write(&copy, &bytes).unwrap();

    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let qdf = dir.path().join("qdf.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&copy)
        .arg(&qdf)
        .status()
        .unwrap();
    assert!(status.success());
    let text = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    for subtype in [
        "Ink",
        "Highlight",
        "Text",
        "FreeText",
        "Square",
        "Circle",
        "Line",
    ] {
        assert!(
            text.contains(&format!("/Subtype /{subtype}")),
            "no /{subtype} annotation in the copy"
        );
    }

    let dpi = 72;
    let before = Ppm::render(&source, 1, dpi);
    let after = Ppm::render(&copy, 1, dpi);
    for (what, x, y) in [
        ("ink", 150.0, 300.0),
        ("freehand highlight", 150.0, 250.0),
        ("rectangle edge", 80.0, 130.0),
        ("ellipse edge", 220.0, 130.0),
        ("arrow", 445.0, 135.0),
    ] {
        assert!(is_white(before.at(x, y)), "{what}: source not blank");
        assert!(
            !is_white(after.at(x, y)),
            "{what}: poppler shows nothing at ({x}, {y}): {:?}",
            after.at(x, y)
        );
    }
    // The ink is red where it was drawn.
    let ink = after.at(150.0, 300.0);
    assert!(ink[0] > 150 && ink[1] < 100 && ink[2] < 100, "{ink:?}");
}

#[test]
fn kaigi_shows_the_annotations_of_a_copy_it_exported() {
    let info = client().open(&fixture("agenda-ja.pdf"), None).unwrap();
    let bytes = client().export(info.id, one_of_each()).unwrap();
    let reopened = client().open_bytes(bytes, None).unwrap();
    assert_ne!(reopened.sha256, info.sha256, "the copy is a new document");
    let page = client().render_page(reopened.id, 0, 1.0).unwrap();
    let px = |x: f32, y: f32| {
        let (px, py) = (x as usize, (page.height as f32 - y) as usize);
        let i = (py * page.width as usize + px) * 4;
        [page.rgba[i], page.rgba[i + 1], page.rgba[i + 2]]
    };
    let ink = px(150.0, 300.0);
    assert!(
        ink[0] > 150 && ink[1] < 100,
        "ink not drawn by PDFium: {ink:?}"
    );
    assert!(!is_white(px(80.0, 130.0)), "square not drawn");
    client().close(info.id);
    client().close(reopened.id);
}

#[test]
fn annotations_for_missing_pages_or_with_bad_values_are_refused() {
    let info = client().open(&fixture("agenda-ja.pdf"), None).unwrap();
    let mut far = one_of_each().remove(0);
    far.page = 99;
    assert!(matches!(
        client().export(info.id, vec![far]).unwrap_err(),
        PdfError::PageOutOfRange { index: 99, .. }
    ));
    let mut bad = one_of_each().remove(0);
    bad.color = "<script>".into();
    assert!(matches!(
        client().export(info.id, vec![bad]).unwrap_err(),
        PdfError::Export(_)
    ));
    client().close(info.id);
}
