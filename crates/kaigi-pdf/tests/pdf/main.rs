//! kaigi-pdf against the real libpdfium, through the real worker process, on
//! PDFs made by `scripts/fixtures/make_pdfs.py`.

// Test helpers may unwrap: a failure there is a failed test.
#![allow(clippy::unwrap_used)]

mod bad_input;
mod export;
mod free_text;
mod library;
mod page_socket;
mod reanchor;
mod render;
mod split;
mod text;
mod turned;
mod worker;

use std::path::PathBuf;
use std::sync::OnceLock;

use kaigi_pdf::{PdfClient, WorkerCommand};

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

/// The stand-alone worker binary built with this package.
fn worker_command() -> WorkerCommand {
    WorkerCommand {
        program: env!("CARGO_BIN_EXE_kaigi-pdf-worker").into(),
        args: Vec::new(),
        env: Vec::new(),
    }
}

/// A client of its own, for tests that kill or stall its worker.
fn new_client() -> PdfClient {
    PdfClient::start(worker_command()).expect("libpdfium must be installed (KAIGI_PDFIUM_PATH)")
}

/// One client shared by the tests that only read.
fn client() -> &'static PdfClient {
    static CLIENT: OnceLock<PdfClient> = OnceLock::new();
    CLIENT.get_or_init(new_client)
}
