use std::time::{Duration, Instant};

use kaigi_pdf::{PdfClient, PdfError, Timeouts};

use crate::{client, fixture, worker_command};

/// Every file the bad-input generator writes either opens and renders, or is
/// refused with a clear error; the client keeps serving after each one.
#[test]
fn every_malformed_file_gives_a_clear_error_or_renders() {
    let client = PdfClient::with_timeouts(
        worker_command(),
        Timeouts {
            open: Duration::from_secs(15),
            render: Duration::from_secs(15),
            ..Timeouts::default()
        },
    )
    .unwrap();
    let good = fixture("agenda-ja.pdf");
    let mut names: Vec<_> = std::fs::read_dir(fixture("bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 50, "only {} bad files", names.len());
    let (mut opened, mut refused) = (0, 0);
    for path in &names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let started = Instant::now();
        let outcome = match client.open(path, None) {
            Ok(info) => {
                opened += 1;
                let pages = info.page_count.min(3);
                let rendered: Vec<_> = (0..pages)
                    .map(|i| client.render_page(info.id, i, 0.25).map(|_| ()))
                    .collect();
                for r in &rendered {
                    if let Err(e) = r {
                        assert_clear(&name, e);
                    }
                }
                let _ = client.page_text(info.id, 0);
                let _ = client.outline(info.id);
                client.close(info.id);
                format!("opened, {pages} page(s) tried")
            }
            Err(e) => {
                refused += 1;
                assert_clear(&name, &e);
                format!("refused: {e}")
            }
        };
        eprintln!("{name}: {outcome} ({:?})", started.elapsed());
        let info = client
            .open(&good, None)
            .unwrap_or_else(|e| panic!("after {name} the client no longer opens a good file: {e}"));
        client.render_page(info.id, 0, 0.5).unwrap();
        client.close(info.id);
    }
    eprintln!("{opened} opened, {refused} refused");
    assert!(refused >= 20, "the corpus should be mostly refused");
}

fn assert_clear(name: &str, e: &PdfError) {
    assert!(
        matches!(
            e,
            PdfError::Malformed(_)
                | PdfError::PasswordRequired
                | PdfError::UnsupportedSecurity
                | PdfError::Render(_)
                | PdfError::WorkerCrashed
                | PdfError::DocumentPoisoned
                | PdfError::Timeout { .. }
        ),
        "{name}: unexpected error kind {e:?}"
    );
    assert!(e.to_string().len() > 10, "{name}: message too thin: {e}");
}

#[test]
fn encrypted_pdf_needs_its_password() {
    let path = fixture("bad/encrypted.pdf");
    assert!(matches!(
        client().open(&path, None).unwrap_err(),
        PdfError::PasswordRequired
    ));
    assert!(matches!(
        client().open(&path, Some("wrong")).unwrap_err(),
        PdfError::PasswordRequired
    ));
    let info = client().open(&path, Some("kaigi-secret")).unwrap();
    assert!(
        client()
            .page_text(info.id, 0)
            .unwrap()
            .plain()
            .contains("パスワード")
    );
    client().close(info.id);
}

#[test]
fn missing_file_is_an_io_error() {
    let err = client()
        .open(std::path::Path::new("/nonexistent/x.pdf"), None)
        .unwrap_err();
    assert!(matches!(err, PdfError::Io { .. }), "{err}");
}
