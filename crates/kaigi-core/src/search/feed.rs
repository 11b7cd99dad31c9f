//! Keeps the index up to date: every message the client decrypts (encrypted
//! rooms included) is indexed, edits replace the text, and deletions remove it.
//!
//! Most messages arrive decrypted in the sync. One whose room key came late
//! (after the message, or from the key backup) is decrypted later by the SDK's
//! event cache, which reports it; it is indexed then.

use std::sync::Arc;

use futures_util::StreamExt;
use matrix_sdk::Client;
use matrix_sdk::event_cache::RedecryptorReport;
use matrix_sdk::event_handler::EventHandlerDropGuard;
use matrix_sdk::ruma::events::room::message::{
    MessageType, OriginalSyncRoomMessageEvent, Relation,
};
use matrix_sdk::ruma::events::room::redaction::OriginalSyncRoomRedactionEvent;
use matrix_sdk::ruma::events::{
    AnySyncMessageLikeEvent, AnySyncTimelineEvent, SyncMessageLikeEvent,
};
use matrix_sdk::ruma::{EventId, OwnedRoomId};
use matrix_sdk::{Room, RoomState};

use super::{IndexedMessage, SearchIndex};
use crate::TaskHandle;

/// Indexing for as long as it is held.
pub(crate) struct Feed {
    _handlers: Vec<EventHandlerDropGuard>,
    _redecrypted: TaskHandle,
}

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

/// Indexes one message of a joined room. An edit replaces the original's
/// text under the original's id.
fn index_message(index: &SearchIndex, room: &Room, event: &OriginalSyncRoomMessageEvent) {
    if room.state() != RoomState::Joined {
        return;
    }
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

/// Indexes messages that were decrypted after they arrived.
async fn index_redecrypted(
    client: &Client,
    index: &SearchIndex,
    room_id: &OwnedRoomId,
    events: impl IntoIterator<Item = impl AsRef<EventId>>,
) {
    let Some(room) = client.get_room(room_id) else {
        return;
    };
    let cache = match room.event_cache().await {
        Ok((cache, _drop)) => cache,
        Err(e) => {
            tracing::warn!(error = %e, "no event cache for a room with late-decrypted messages");
            return;
        }
    };
    for id in events {
        let Ok(Some(event)) = cache.find_event(id.as_ref()).await else {
            continue;
        };
        if let Ok(AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(
            SyncMessageLikeEvent::Original(message),
        ))) = event.raw().deserialize()
        {
            index_message(index, &room, &message);
        }
    }
}

/// Indexes messages as they arrive; stops when the feed is dropped.
pub(crate) fn attach(client: &Client, index: Arc<SearchIndex>) -> Feed {
    let messages = {
        let index = index.clone();
        client.add_event_handler(move |event: OriginalSyncRoomMessageEvent, room: Room| {
            let index = index.clone();
            async move { index_message(&index, &room, &event) }
        })
    };
    let redactions = {
        let index = index.clone();
        client.add_event_handler(move |event: OriginalSyncRoomRedactionEvent| {
            let index = index.clone();
            async move {
                let redacts = event.content.redacts.as_ref().or(event.redacts.as_ref());
                if let Some(id) = redacts
                    && let Err(e) = index.remove(id.as_str())
                {
                    tracing::warn!(error = %e, "could not remove a deleted message from the index");
                }
            }
        })
    };
    let redecrypted = {
        let client = client.clone();
        TaskHandle::spawn(async move {
            // Subscribed as the task starts, before the first sync answer.
            let cache = client.event_cache();
            let mut reports = cache.subscribe_to_decryption_reports();
            while let Some(report) = reports.next().await {
                if let Ok(RedecryptorReport::ResolvedUtds { room_id, events }) = report {
                    index_redecrypted(&client, &index, &room_id, &events).await;
                }
            }
        })
    };
    Feed {
        _handlers: vec![
            client.event_handler_drop_guard(messages),
            client.event_handler_drop_guard(redactions),
        ],
        _redecrypted: redecrypted,
    }
}
