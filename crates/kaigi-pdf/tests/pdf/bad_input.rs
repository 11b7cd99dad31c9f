use kaigi_pdf::PdfError;

use crate::{engine, fixture};

#[test]
fn malformed_files_give_errors_and_the_engine_keeps_working() {
    for name in [
        "empty.pdf",
        "not-a-pdf.pdf",
        "header-only.pdf",
        "truncated.pdf",
    ] {
        let err = engine()
            .open(&fixture(&format!("bad/{name}")), None)
            .unwrap_err();
        assert!(matches!(err, PdfError::Malformed(_)), "{name}: {err}");
    }
    // PDFium repairs some damage; a bit-flipped file either opens and renders
    // or is refused, but never takes the engine down.
    if let Ok(info) = engine().open(&fixture("bad/bit-flipped.pdf"), None) {
        for index in 0..info.page_count {
            let _ = engine().render_page(info.id, index, 1.0);
        }
    }
    let info = engine().open(&fixture("agenda-ja.pdf"), None).unwrap();
    assert!(
        engine().render_page(info.id, 0, 0.5).is_ok(),
        "engine still serves after bad input"
    );
}

#[test]
fn encrypted_pdf_needs_its_password() {
    let path = fixture("bad/encrypted.pdf");
    assert!(matches!(
        engine().open(&path, None).unwrap_err(),
        PdfError::PasswordRequired
    ));
    assert!(matches!(
        engine().open(&path, Some("wrong")).unwrap_err(),
        PdfError::PasswordRequired
    ));
    let info = engine().open(&path, Some("kaigi-secret")).unwrap();
    assert!(
        engine()
            .page_text(info.id, 0)
            .unwrap()
            .contains("パスワード")
    );
}

#[test]
fn missing_file_is_an_io_error() {
    let err = engine()
        .open(std::path::Path::new("/nonexistent/x.pdf"), None)
        .unwrap_err();
    assert!(matches!(err, PdfError::Io { .. }), "{err}");
}
