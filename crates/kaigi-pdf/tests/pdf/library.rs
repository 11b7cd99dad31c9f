//! PDFium binds once per process, so the missing-library cases run in a child
//! process of this test binary with `KAIGI_PDFIUM_PATH` pointing elsewhere.

use kaigi_pdf::{PdfEngine, PdfError};

fn run_child(test: &str, pdfium_path: &str) {
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--ignored", "--nocapture"])
        .env("KAIGI_PDFIUM_PATH", pdfium_path)
        .status()
        .unwrap();
    assert!(status.success(), "child test {test} failed");
}

#[test]
fn a_missing_library_is_reported_with_the_places_searched() {
    run_child("library::child_missing", "/nonexistent/libpdfium.so");
}

#[test]
fn a_file_that_is_not_a_library_is_reported() {
    run_child(
        "library::child_unloadable",
        concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"),
    );
}

#[test]
#[ignore = "run by a_missing_library_is_reported_with_the_places_searched"]
fn child_missing() {
    match PdfEngine::start() {
        Err(PdfError::LibraryMissing { searched }) => {
            assert!(
                searched
                    .iter()
                    .any(|p| p.ends_with("nonexistent/libpdfium.so")),
                "{searched:?}"
            );
            let message = PdfError::LibraryMissing { searched }.to_string();
            assert!(message.starts_with("libpdfium was not found"), "{message}");
        }
        Err(other) => panic!("expected LibraryMissing, got {other}"),
        Ok(_) => panic!("expected LibraryMissing, but PDFium bound"),
    }
}

#[test]
#[ignore = "run by a_file_that_is_not_a_library_is_reported"]
fn child_unloadable() {
    assert!(matches!(
        PdfEngine::start(),
        Err(PdfError::LibraryUnloadable { .. })
    ));
}
