//! Opening a meeting, closing it, and revoking its materials: every participant's copy
//! is wiped as their client syncs the closed state (or, if offline, as soon
//! as it syncs again), and the organiser redacts the file events so the
//! homeserver no longer serves them. The revoke is recorded in the
//! meeting's state (who and when) and as a notice in its timeline.

use super::MeetingError;
use super::create::meeting_room;
use super::event::{Meeting, MeetingEventContent, MeetingState};
use super::local::{Incoming, Kind};
use crate::session::Session;

/// Sends the meeting's new details and keeps them here at once.
pub(super) async fn publish(
    session: &Session,
    room: &matrix_sdk::Room,
    meeting: Meeting,
) -> Result<(), MeetingError> {
    let content = MeetingEventContent { meeting };
    let sent = room.send_state_event(content.clone()).await?;
    session.meetings().apply(
        room.room_id().as_str(),
        &Incoming {
            event_id: sent.event_id.to_string(),
            kind: Kind::Meeting,
            sender: session.user_id().to_string(),
            ts_ms: crate::now_ms(),
            content: serde_json::to_value(&content)?,
        },
    )
}

/// Marks the meeting open: it is running now.
pub async fn start_meeting(session: &Session, room_id: &str) -> Result<(), MeetingError> {
    let room = meeting_room(session, room_id)?;
    let mut meeting = super::list::current_details(session, &room)
        .await?
        .ok_or_else(|| MeetingError::NotAMeeting(room_id.to_owned()))?;
    meeting.state = MeetingState::Open;
    publish(session, &room, meeting).await
}

/// Closes the meeting; with `revoke`, withdraws its materials from every device.
pub async fn close_meeting(
    session: &Session,
    room_id: &str,
    revoke: bool,
) -> Result<(), MeetingError> {
    let room = meeting_room(session, room_id)?;
    let local = session.meetings();
    let mut meeting = super::list::current_details(session, &room)
        .await?
        .ok_or_else(|| MeetingError::NotAMeeting(room_id.to_owned()))?;
    let now = crate::now_ms();
    meeting.state = MeetingState::Closed;
    if revoke {
        meeting.revoke = true;
        meeting.revoked_by = Some(session.user_id().to_string());
        meeting.revoked_at = Some(now);
    }
    let materials = local.materials(room_id)?;
    publish(session, &room, meeting).await?;
    if !revoke {
        return Ok(());
    }
    for material in &materials {
        let id = matrix_sdk::ruma::EventId::parse(&material.event_id)
            .map_err(|e| MeetingError::Homeserver(matrix_sdk::Error::Identifier(e)))?;
        room.redact(&id, Some("revoked"), None).await?;
    }
    let notice = format!(
        "資料を回収しました / Materials revoked ({} files) by {}",
        materials.len(),
        session.user_id()
    );
    room.send_raw(
        "m.room.message",
        serde_json::json!({
            "msgtype": "m.notice",
            "body": notice,
            "jp.kaigi.audit": {
                "action": "revoke",
                "by": session.user_id(),
                "atMs": now,
                "materials": materials.len(),
            },
        }),
    )
    .await?;
    tracing::info!(
        room = room_id,
        files = materials.len(),
        "meeting closed with revoke"
    );
    Ok(())
}
