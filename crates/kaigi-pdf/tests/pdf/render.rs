use crate::{client, fixture};

#[test]
fn opens_japanese_pdf_with_page_count_and_title() {
    let info = client().open(&fixture("agenda-ja.pdf"), None).unwrap();
    assert_eq!(info.page_count, 3);
    assert_eq!(info.title.as_deref(), Some("デジタル推進会議 資料"));
    let (w, h) = info.page_sizes[0];
    assert!(
        (w - 595.27).abs() < 1.0 && (h - 841.89).abs() < 1.0,
        "A4 in points, got {w}x{h}"
    );
    client().close(info.id);
}

#[test]
fn renders_a_non_blank_first_page_at_the_requested_scale() {
    let info = client().open(&fixture("agenda-ja.pdf"), None).unwrap();
    let page = client().render_page(info.id, 0, 150.0 / 72.0).unwrap();
    assert_eq!(page.width, (595.27f32 * 150.0 / 72.0).round() as u32);
    assert_eq!(page.rgba.len(), (page.width * page.height * 4) as usize);
    // The page has a blue title band at the top and black text below: count
    // pixels that are clearly not white.
    let inked = page
        .rgba
        .chunks_exact(4)
        .filter(|p| p[0] < 200 || p[1] < 200 || p[2] < 200)
        .count();
    let share = inked as f64 / (page.width * page.height) as f64;
    assert!(share > 0.05 && share < 0.5, "inked share {share}");
    // The title band is the fixture's blue (0.12, 0.31, 0.55), stored as RGBA.
    let px = &page.rgba[(20 * page.width as usize + 20) * 4..][..4];
    assert!(
        px[2] > px[0] + 60 && px[3] == 255,
        "expected blue RGBA, got {px:?}"
    );
    client().close(info.id);
}

#[test]
fn runs_hold_the_same_pixels_as_raw_rendering() {
    let info = client().open(&fixture("agenda-ja.pdf"), None).unwrap();
    let scale = 150.0 / 72.0;
    let raw = client().render_page(info.id, 1, scale).unwrap();
    let runs = client().render_runs(info.id, 1, scale, None).unwrap();
    assert!(
        runs.len() * 8 < raw.rgba.len(),
        "a text page should shrink well: {} bytes of runs",
        runs.len()
    );
    let (width, height, decoded) = kaigi_pdf::runs::decode(&runs).unwrap();
    assert_eq!((width, height), (raw.width, raw.height));
    assert!(
        decoded == raw.rgba,
        "decoded runs differ from the raw render"
    );
    client().close(info.id);
}

#[test]
fn extracts_japanese_text() {
    let info = client().open(&fixture("agenda-ja.pdf"), None).unwrap();
    let text = client().page_text(info.id, 1).unwrap().plain();
    assert!(text.contains("テレワーク実施状況"), "{text}");
    assert!(text.contains("在宅勤務を利用した所属数"), "{text}");
    client().close(info.id);
}

#[test]
fn page_out_of_range_is_an_error() {
    let info = client().open(&fixture("agenda-ja.pdf"), None).unwrap();
    let err = client().render_page(info.id, 3, 1.0).unwrap_err();
    assert!(
        matches!(
            err,
            kaigi_pdf::PdfError::PageOutOfRange { index: 3, count: 3 }
        ),
        "{err}"
    );
    client().close(info.id);
    let err = client().render_page(info.id, 0, 1.0).unwrap_err();
    assert!(
        matches!(err, kaigi_pdf::PdfError::UnknownDocument(_)),
        "{err}"
    );
}
