//! Materials for a device that could not decrypt them: a participant who
//! signed in on a new computer after the materials were sent (or was invited
//! later) has no key for those messages. Their Kaigi asks in the room, and
//! the organiser's Kaigi sends the materials again in one new encrypted
//! event, which every current device can read. A re-share is accepted only
//! from someone with the organiser's power level.

use matrix_sdk::Room;
use matrix_sdk::ruma::UserId;
use matrix_sdk::ruma::events::StateEventType;
use serde_json::Value;

use super::MeetingError;
use super::event::MEETING_TYPE;
use super::local::{Incoming, Kind, LocalMeetings};

/// A participant asks for the materials again.
pub const REQUEST_TYPE: &str = "jp.kaigi.material.request";
/// The organiser sends them again: `{"materials": [{event_id, sender, ts, content}]}`.
pub const RESHARE_TYPE: &str = "jp.kaigi.material.reshare";

/// Whether `user` holds the organiser's power level in the room.
pub(crate) async fn may_organise(room: &Room, user: &UserId) -> bool {
    room.power_levels()
        .await
        .is_ok_and(|levels| levels.user_can_send_state(user, StateEventType::from(MEETING_TYPE)))
}

/// Asks the organiser to send the materials again.
pub(crate) async fn request(room: &Room) -> Result<(), MeetingError> {
    room.send_raw(REQUEST_TYPE, serde_json::json!({})).await?;
    tracing::info!(room = %room.room_id(), "asked for the materials again");
    Ok(())
}

/// Sends every material of the meeting again, for the devices now in it.
/// The devices of those `asking` are looked up first: a computer they
/// signed in on while only invited is not known here yet.
pub(crate) async fn reshare(
    local: &LocalMeetings,
    room: &Room,
    asking: &std::collections::BTreeSet<matrix_sdk::ruma::OwnedUserId>,
) -> Result<(), MeetingError> {
    let room_id = room.room_id().as_str();
    if local.revoked(room_id)? {
        return Ok(());
    }
    for user in asking {
        if let Err(e) = room.client().encryption().request_user_identity(user).await {
            tracing::warn!(error = %e, "could not look up the devices of a participant");
        }
    }
    let materials: Vec<Value> = local
        .material_events(room_id)?
        .into_iter()
        .map(|(event, content)| {
            serde_json::json!({
                "event_id": event.event_id,
                "sender": event.sender,
                "ts": event.ts_ms,
                "content": content,
            })
        })
        .collect();
    if materials.is_empty() {
        return Ok(());
    }
    room.send_raw(RESHARE_TYPE, serde_json::json!({ "materials": materials }))
        .await?;
    tracing::info!(room = room_id, "sent the materials again");
    Ok(())
}

/// The materials of a re-share, as if their original events had arrived.
pub(crate) fn reshared(content: &Value) -> Vec<Incoming> {
    content["materials"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let content = entry.get("content")?.clone();
            (Kind::of("m.room.message", &content)? == Kind::Material).then_some(())?;
            Some(Incoming {
                event_id: entry.get("event_id")?.as_str()?.to_owned(),
                kind: Kind::Material,
                sender: entry.get("sender")?.as_str()?.to_owned(),
                ts_ms: entry.get("ts")?.as_i64()?,
                content,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_material_entries_of_a_reshare_are_taken() {
        let meta =
            serde_json::json!({"id": "m1", "item": "i1", "version": 1, "sha256": "ab", "pages": 3});
        let content = serde_json::json!({
            "materials": [
                {"event_id": "$a", "sender": "@o:hs", "ts": 5,
                 "content": {"msgtype": "m.file", "file": {}, "body": "a.pdf", "jp.kaigi.material": meta}},
                {"event_id": "$b", "sender": "@o:hs", "ts": 6, "content": {"msgtype": "m.text", "body": "hi"}},
                {"sender": "@o:hs", "ts": 7, "content": {}},
            ]
        });
        let taken = reshared(&content);
        assert_eq!(taken.len(), 1);
        assert_eq!(taken[0].event_id, "$a");
        assert_eq!(taken[0].kind, Kind::Material);
        assert!(reshared(&serde_json::json!({"materials": 3})).is_empty());
    }
}
