//! kaigi-pdf against the real libpdfium and PDFs made by `scripts/fixtures/make_pdfs.py`.

// Test helpers may unwrap: a failure there is a failed test.
#![allow(clippy::unwrap_used)]

mod bad_input;
mod library;
mod render;

use std::path::PathBuf;
use std::sync::OnceLock;

use kaigi_pdf::PdfEngine;

/// The fixture folder: `KAIGI_FIXTURES`, or the one the test command makes.
fn fixture(name: &str) -> PathBuf {
    let dir = std::env::var_os("KAIGI_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../test-output/fixtures")
        });
    let path = dir.join(name);
    assert!(
        path.exists(),
        "missing fixture {} — run scripts/test.sh or make_pdfs.py",
        path.display()
    );
    path
}

/// PDFium binds once per process, so the tests share one engine.
fn engine() -> &'static PdfEngine {
    static ENGINE: OnceLock<PdfEngine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        PdfEngine::start().expect("libpdfium must be installed (KAIGI_PDFIUM_PATH)")
    })
}
