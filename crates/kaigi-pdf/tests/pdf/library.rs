//! The worker reports why it cannot bind libpdfium, and the client passes
//! that on from `start`.

use kaigi_pdf::{PdfClient, PdfError};

use crate::worker_command;

fn start_with(pdfium_path: &str) -> Result<PdfClient, PdfError> {
    let mut command = worker_command();
    command
        .env
        .push(("KAIGI_PDFIUM_PATH".into(), pdfium_path.into()));
    PdfClient::start(command)
}

#[test]
fn a_missing_library_is_reported_with_the_places_searched() {
    match start_with("/nonexistent/libpdfium.so") {
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
fn a_file_that_is_not_a_library_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("libpdfium.so");
    std::fs::write(&fake, "not a shared library\n").unwrap();
    match start_with(fake.to_str().unwrap()) {
        Err(PdfError::LibraryUnloadable { path, .. }) => assert_eq!(path, fake),
        Err(other) => panic!("expected LibraryUnloadable, got {other}"),
        Ok(_) => panic!("expected LibraryUnloadable, but a text file bound as PDFium"),
    }
}

#[test]
fn a_worker_that_cannot_start_is_reported() {
    let mut command = worker_command();
    command.program = "/nonexistent/kaigi".into();
    assert!(matches!(
        PdfClient::start(command),
        Err(PdfError::WorkerUnavailable(_))
    ));
}
