//! The worker process can die or hang; the client restarts it, tells the
//! caller for the affected document only, and reopens documents as needed.

use std::process::Command;
use std::time::Duration;

use kaigi_pdf::{MAX_CRASHES, PdfClient, PdfError, Timeouts};

use crate::{fixture, new_client, worker_command};

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig} {pid}");
}

#[test]
fn a_worker_killed_between_requests_is_replaced_without_an_error() {
    let client = new_client();
    let info = client.open(&fixture("agenda-ja.pdf"), None).unwrap();
    let first = client.worker_pid().unwrap();
    signal(first, "-KILL");
    std::thread::sleep(Duration::from_millis(100));
    let page = client.render_page(info.id, 1, 0.5).unwrap();
    assert!(page.width > 0);
    let second = client.worker_pid().unwrap();
    assert_ne!(first, second, "a new worker process serves");
}

#[test]
fn a_crash_during_a_request_fails_that_document_and_the_next_request_recovers() {
    let client = std::sync::Arc::new(new_client());
    let crashing = client.open(&fixture("agenda-ja.pdf"), None).unwrap();
    let other = client.open(&fixture("packet-200.pdf"), None).unwrap();
    for round in 1..=MAX_CRASHES {
        let pid = client.worker_pid().unwrap();
        // Freeze the worker so the request is surely in flight, then kill it.
        signal(pid, "-STOP");
        let asking = {
            let client = client.clone();
            std::thread::spawn(move || client.render_page(crashing.id, 0, 1.0))
        };
        std::thread::sleep(Duration::from_millis(300));
        signal(pid, "-KILL");
        let err = asking.join().unwrap().unwrap_err();
        assert!(
            matches!(err, PdfError::WorkerCrashed),
            "round {round}: {err:?}"
        );
        assert!(err.to_string().contains("restarted"), "{err}");
        // Other documents carry on in the new worker.
        client.render_page(other.id, 150, 0.5).unwrap();
        if round < MAX_CRASHES {
            client.render_page(crashing.id, 0, 0.5).unwrap();
        }
    }
    // After repeated crashes the document is refused, others still work.
    assert!(matches!(
        client.render_page(crashing.id, 0, 0.5).unwrap_err(),
        PdfError::DocumentPoisoned
    ));
    client.render_page(other.id, 0, 0.5).unwrap();
}

#[test]
fn a_hung_worker_times_out_and_is_restarted() {
    let client = PdfClient::with_timeouts(
        worker_command(),
        Timeouts {
            render: Duration::from_millis(500),
            ..Timeouts::default()
        },
    )
    .unwrap();
    let info = client.open(&fixture("agenda-ja.pdf"), None).unwrap();
    let pid = client.worker_pid().unwrap();
    signal(pid, "-STOP");
    let err = client.render_page(info.id, 0, 1.0).unwrap_err();
    assert!(matches!(err, PdfError::Timeout { .. }), "{err:?}");
    // The hung process was killed, not left behind.
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}")).exists()
            || std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .map(|s| s.contains(") Z "))
                .unwrap_or(true),
        "the hung worker {pid} is still running"
    );
    client.render_page(info.id, 0, 1.0).unwrap();
}
