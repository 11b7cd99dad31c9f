//! What the meeting tests share: a meeting with its first agenda item, the
//! fixture PDFs, a material to attach, waiting for it to be cached, the
//! PDF engine.

use std::path::PathBuf;

use kaigi_core::meeting::{self, MeetingForm, NewMaterial};
use kaigi_core::session::Session;
use kaigi_pdf::{PdfClient, WorkerCommand};

use crate::eventually;

const HOUR: i64 = 3_600_000;

/// A fixture PDF made by `scripts/fixtures/make_pdfs.py`.
pub fn fixture(name: &str) -> Vec<u8> {
    let dir = std::env::var("KAIGI_FIXTURES").expect("KAIGI_FIXTURES: run through scripts/test.sh");
    std::fs::read(std::path::Path::new(&dir).join(name)).unwrap()
}

/// A meeting by `organiser` starting in an hour, with `agenda`, inviting
/// `invite`: its room id and the id of its first agenda item.
pub async fn meeting_with(
    organiser: &Session,
    title: &str,
    agenda: &[&str],
    invite: Vec<String>,
) -> (String, String) {
    let starts_at = kaigi_core::now_ms() + HOUR;
    let room_id = meeting::create_meeting(
        organiser,
        MeetingForm {
            title: title.into(),
            starts_at,
            ends_at: starts_at + HOUR,
            place: None,
            online_url: None,
            agenda: agenda.iter().map(|&a| a.into()).collect(),
            invite,
        },
    )
    .await
    .unwrap();
    let details = meeting::meeting_details(organiser, &room_id)
        .await
        .unwrap()
        .unwrap();
    (room_id, details.agenda[0].id.clone())
}

/// A one-page material for agenda item `item`.
pub fn material(item: &str, bytes: &[u8]) -> NewMaterial {
    NewMaterial {
        item: item.to_owned(),
        name: "議題1 予算案.pdf".into(),
        bytes: bytes.to_vec(),
        pages: 1,
        replaces: None,
    }
}

/// Waits until `session` has the material's bytes on its device.
pub async fn cached(session: &Session, room_id: &str, event_id: &str) -> Vec<u8> {
    eventually(60, "the material on the participant's device", async || {
        session.meetings().material_bytes(room_id, event_id).ok()
    })
    .await
}

/// The PDF worker built with the workspace (`kaigi-pdf-worker`), found next
/// to this test.
pub fn pdf() -> PdfClient {
    let exe = std::env::current_exe().unwrap();
    let program: PathBuf = exe
        .ancestors()
        .map(|dir| dir.join("kaigi-pdf-worker"))
        .find(|p| p.is_file())
        .expect("kaigi-pdf-worker is built with the workspace's tests");
    PdfClient::start(WorkerCommand {
        program,
        args: Vec::new(),
        env: Vec::new(),
    })
    .unwrap()
}
