//! One page rendered on two workers at once gives exactly the page one worker
//! renders, and the viewer keeps working when the helper worker dies or
//! cannot start.

use std::sync::Arc;
use std::time::{Duration, Instant};

use kaigi_pdf::protocol::PixelRegion;
use kaigi_pdf::{SplitRenderer, runs};

use crate::export::one_of_each;
use crate::{fixture, new_client, worker_command};

const DPI_150: f32 = 150.0 / 72.0;

fn renderer() -> Arc<SplitRenderer> {
    SplitRenderer::new(Arc::new(new_client()), worker_command())
}

/// The page as one worker renders it, and as the split renderer does.
fn both(
    r: &Arc<SplitRenderer>,
    doc: u32,
    page: u32,
    scale: f32,
    background: bool,
) -> (Vec<u8>, Vec<u8>) {
    let whole = r.main().render_runs(doc, page, scale, None).unwrap();
    let split = r.render_runs(doc, page, scale, None, background).unwrap();
    (whole, split)
}

fn assert_same_pixels(whole: &[u8], split: &[u8], what: &str) {
    assert_close_pixels(whole, split, what, 0);
}

/// Equal but for `levels` of rounding in a few anti-aliased edge pixels.
fn assert_close_pixels(whole: &[u8], split: &[u8], what: &str, levels: u8) {
    let (a, b) = (runs::decode(whole).unwrap(), runs::decode(split).unwrap());
    assert_eq!((a.0, a.1), (b.0, b.1), "{what}: size");
    let worst = a.2.iter().zip(&b.2).map(|(x, y)| x.abs_diff(*y)).max();
    let differ = a.2.iter().zip(&b.2).filter(|(x, y)| x != y).count();
    assert!(
        worst <= Some(levels) && differ * 10_000 < a.2.len(),
        "{what}: {differ} bytes differ, by up to {worst:?}"
    );
}

#[test]
fn pages_split_across_two_workers_match_pages_rendered_whole() {
    let r = renderer();
    let packet = r.open(&fixture("packet-200.pdf"), None).unwrap();
    r.share(packet.id).unwrap();
    assert!(r.is_shared(packet.id));
    assert!(
        r.helper_pid()
            .is_some_and(|pid| Some(pid) != r.main().worker_pid())
    );
    for page in [0, 2, 149] {
        let (whole, split) = both(&r, packet.id, page, DPI_150, false);
        assert_same_pixels(&whole, &split, &format!("packet page {page}"));
        let (whole, _) = both(&r, packet.id, page, 1.37, false);
        let prefetched = r.render_runs(packet.id, page, 1.37, None, true).unwrap();
        assert_same_pixels(
            &whole,
            &prefetched,
            &format!("packet page {page}, prefetched"),
        );
    }

    // A region (the rows on screen, the rows below them) is split too.
    for (y, height) in [(0, 451), (451, u32::MAX), (1700, u32::MAX)] {
        let region = Some(PixelRegion {
            x: 0,
            y,
            width: u32::MAX,
            height,
        });
        let whole = r
            .main()
            .render_runs(packet.id, 149, DPI_150, region)
            .unwrap();
        let split = r
            .render_runs(packet.id, 149, DPI_150, region, false)
            .unwrap();
        assert_same_pixels(&whole, &split, &format!("rows from {y} of page 150"));
    }

    // Rotated pages and crop boxes away from the origin.
    let turned = r.open(&fixture("turned.pdf"), None).unwrap();
    r.share(turned.id).unwrap();
    for page in 0..turned.page_count {
        let (whole, split) = both(&r, turned.id, page, DPI_150, false);
        assert_same_pixels(&whole, &split, &format!("turned page {page}"));
    }

    // Annotations drawn by PDFium, as in an exported copy.
    let agenda = r.main().open(&fixture("agenda-ja.pdf"), None).unwrap();
    let annotated = r.main().export(agenda.id, one_of_each()).unwrap();
    let copy = r.open_bytes(annotated, None).unwrap();
    r.share(copy.id).unwrap();
    let (whole, split) = both(&r, copy.id, 0, DPI_150, false);
    // PDFium rounds the edges of annotation appearances drawn at an offset
    // by one level at most (a few dozen pixels of the page).
    assert_close_pixels(&whole, &split, "annotated copy", 1);
    let blank = runs::encode(
        &vec![255; (whole.len() / 4) * 4],
        1,
        (whole.len() / 4) as u32,
    );
    assert_ne!(split, blank, "the page has marks");
}

#[test]
fn a_document_joins_the_helper_after_its_first_page() {
    let r = renderer();
    let doc = r.open(&fixture("agenda-ja.pdf"), None).unwrap();
    assert!(
        !r.is_shared(doc.id),
        "opening alone does not start the helper"
    );
    assert_eq!(r.helper_pid(), None);
    r.render_runs(doc.id, 0, 1.0, None, false).unwrap();
    let started = Instant::now();
    while !r.is_shared(doc.id) {
        assert!(started.elapsed() < Duration::from_secs(20), "never shared");
        std::thread::sleep(Duration::from_millis(20));
    }
    r.close(doc.id);
    assert!(!r.is_shared(doc.id));
    assert!(
        r.render_runs(doc.id, 0, 1.0, None, false).is_err(),
        "closed"
    );
}

#[test]
fn a_helper_that_died_is_restarted_with_its_documents() {
    let r = renderer();
    let doc = r.open(&fixture("packet-200.pdf"), None).unwrap();
    r.share(doc.id).unwrap();
    let helper = r.helper_pid().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-9", &helper.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(100));
    let (whole, split) = both(&r, doc.id, 5, DPI_150, false);
    assert_same_pixels(&whole, &split, "after the helper died");
    // The helper restarted, and the document was reopened in it.
    assert!(r.is_shared(doc.id));
    assert!(r.helper_pid().is_some_and(|pid| pid != helper));
    let (whole, split) = both(&r, doc.id, 6, DPI_150, false);
    assert_same_pixels(&whole, &split, "the page after");
}

#[test]
fn without_a_helper_pages_render_on_the_main_worker() {
    let mut missing = worker_command();
    missing.program = "/nonexistent/kaigi-pdf-worker".into();
    let r = SplitRenderer::new(Arc::new(new_client()), missing);
    let doc = r.open(&fixture("packet-200.pdf"), None).unwrap();
    assert!(r.share(doc.id).is_err());
    assert!(!r.is_shared(doc.id));
    let (whole, split) = both(&r, doc.id, 1, DPI_150, false);
    assert_same_pixels(&whole, &split, "one worker");
}
