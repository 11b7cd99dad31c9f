//! Keeps the index up to date from sync: every message the client decrypts
//! (encrypted rooms included) is indexed, edits replace the text, and
//! deletions remove it.

use std::sync::Arc;

use matrix_sdk::Client;
use matrix_sdk::event_handler::EventHandlerDropGuard;
use matrix_sdk::ruma::events::room::message::{
    MessageType, OriginalSyncRoomMessageEvent, Relation,
};
use matrix_sdk::ruma::events::room::redaction::OriginalSyncRoomRedactionEvent;
use matrix_sdk::{Room, RoomState};

use super::{IndexedMessage, SearchIndex};

/// The searchable text of a message: text, notices, emotes, and file names
/// and captions.
fn text(msgtype: &MessageType) -> Option<&str> {
    match msgtype {
        MessageType::Text(t) => Some(&t.body),
        MessageType::Notice(n) => Some(&n.body),
        MessageType::Emote(e) => Some(&e.body),
        MessageType::File(f) => Some(&f.body),
        MessageType::Image(i) => Some(&i.body),
        _ => None,
    }
}

/// Indexes messages as they arrive; stops when the guards are dropped.
pub fn attach(client: &Client, index: Arc<SearchIndex>) -> Vec<EventHandlerDropGuard> {
    let messages = {
        let index = index.clone();
        client.add_event_handler(move |event: OriginalSyncRoomMessageEvent, room: Room| {
            let index = index.clone();
            async move {
                if room.state() != RoomState::Joined {
                    return;
                }
                // An edit replaces the original's text under the original's id.
                let (event_id, msgtype) = match &event.content.relates_to {
                    Some(Relation::Replacement(r)) => (r.event_id.as_str(), &r.new_content.msgtype),
                    _ => (event.event_id.as_str(), &event.content.msgtype),
                };
                let Some(body) = text(msgtype) else { return };
                let message = IndexedMessage {
                    room_id: room.room_id().as_str(),
                    event_id,
                    sender: event.sender.as_str(),
                    timestamp: event.origin_server_ts.0.into(),
                    body,
                };
                if let Err(e) = index.add(&[message]) {
                    tracing::warn!(error = %e, "could not index a message");
                }
            }
        })
    };
    let redactions = client.add_event_handler(move |event: OriginalSyncRoomRedactionEvent| {
        let index = index.clone();
        async move {
            let redacts = event.content.redacts.as_ref().or(event.redacts.as_ref());
            if let Some(id) = redacts
                && let Err(e) = index.remove(id.as_str())
            {
                tracing::warn!(error = %e, "could not remove a deleted message from the index");
            }
        }
    });
    vec![
        client.event_handler_drop_guard(messages),
        client.event_handler_drop_guard(redactions),
    ]
}
