//! The shared annotation layer of a meeting: each annotation is a timeline
//! event `jp.kaigi.annotation` (encrypted, like everything in the room) on
//! one material, in page coordinates; removing one redacts it. Everyone's
//! screen shows it as it arrives. The personal layer stays in `kaigi.sqlite`.

use kaigi_pdf::annotation::Annotation;
use serde::Serialize;

use super::MeetingError;
use super::create::meeting_room;
use super::local::{Incoming, Kind};
use crate::session::Session;

/// The event type of a shared annotation.
pub const ANNOTATION_TYPE: &str = "jp.kaigi.annotation";

/// A shared annotation and its author.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SharedAnnotation {
    /// The event; what removing it redacts.
    pub event_id: String,
    pub sender: String,
    pub annotation: Annotation,
}

/// Shares `annotation` on the material `material` (its event id) with the
/// meeting. Returns the event id.
pub async fn share_annotation(
    session: &Session,
    room_id: &str,
    material: &str,
    annotation: Annotation,
) -> Result<String, MeetingError> {
    annotation.validate().map_err(MeetingError::BadAnnotation)?;
    let room = meeting_room(session, room_id)?;
    let content = serde_json::json!({ "material": material, "annotation": annotation });
    let sent = room.send_raw(ANNOTATION_TYPE, content.clone()).await?;
    let event_id = sent.response.event_id.to_string();
    session.meetings().apply(
        room_id,
        &Incoming {
            event_id: event_id.clone(),
            kind: Kind::Annotation,
            sender: session.user_id().to_string(),
            ts_ms: crate::now_ms(),
            content,
        },
    )?;
    Ok(event_id)
}

/// Removes a shared annotation (mine; the organiser may remove anyone's).
pub async fn unshare_annotation(
    session: &Session,
    room_id: &str,
    event_id: &str,
) -> Result<(), MeetingError> {
    let room = meeting_room(session, room_id)?;
    let id = matrix_sdk::ruma::EventId::parse(event_id)
        .map_err(|e| MeetingError::Homeserver(matrix_sdk::Error::Identifier(e)))?;
    room.redact(&id, None, None).await?;
    session.meetings().apply(
        room_id,
        &Incoming {
            event_id: format!("{event_id}-redaction"),
            kind: Kind::Redaction,
            sender: session.user_id().to_string(),
            ts_ms: crate::now_ms(),
            content: serde_json::json!({ "redacts": event_id }),
        },
    )
}
