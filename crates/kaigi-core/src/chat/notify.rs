//! Which new messages deserve a desktop notification: mentions of me and
//! direct messages, as the homeserver's push rules decide. Those rules carry
//! each room's notification setting (all, mentions only, mute), so a muted
//! room stays quiet.

use crate::session::Session;
use matrix_sdk::deserialized_responses::RawAnySyncOrStrippedTimelineEvent;
use matrix_sdk::ruma::events::room::encrypted::OriginalSyncRoomEncryptedEvent;
use matrix_sdk::ruma::events::{AnySyncMessageLikeEvent, AnySyncTimelineEvent};
use matrix_sdk::ruma::push::Action;
use serde::Serialize;

/// One desktop notification. Every field is plain text.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DesktopNotice {
    pub room_id: String,
    pub room_name: String,
    pub sender_name: String,
    /// The start of the message.
    pub body: String,
    pub mentions_me: bool,
}

const BODY_CHARS: usize = 140;

/// How long a message whose room key has not arrived yet is retried.
const KEY_WAIT: std::time::Duration = std::time::Duration::from_secs(15);

/// The message in `raw`. An encrypted one whose key comes a moment later (keys
/// and messages arrive over separate connections) is decrypted again until
/// the key is there or [`KEY_WAIT`] has passed. It is decrypted here, with the
/// keys in the crypto store, and not read back from the event cache: the
/// cache tries again when a key arrives, and where that try failed the
/// message has been seen to stay undecrypted there. Waiting asks nothing of
/// the homeserver.
async fn decrypted_message(
    room: &matrix_sdk::Room,
    raw: &matrix_sdk::ruma::serde::Raw<AnySyncTimelineEvent>,
) -> Option<matrix_sdk::ruma::events::room::message::SyncRoomMessageEvent> {
    let message = |event: AnySyncTimelineEvent| match event {
        AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(m)) => Some(m),
        _ => None,
    };
    match raw.deserialize().ok()? {
        AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomEncrypted(_)) => {
            let encrypted = raw.cast_ref_unchecked::<OriginalSyncRoomEncryptedEvent>();
            let started = tokio::time::Instant::now();
            while started.elapsed() < KEY_WAIT {
                if let Ok(event) = room.decrypt_event(encrypted, None).await
                    && let Some(m) = event.raw().deserialize().ok().and_then(message)
                {
                    return Some(m);
                }
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            }
            None
        }
        event => message(event),
    }
}

/// Calls `show` for every notification-worthy message from now on.
pub async fn on_notices(session: &Session, show: impl Fn(DesktopNotice) + Send + Sync + 'static) {
    let show = std::sync::Arc::new(show);
    session
        .client()
        .register_notification_handler(move |notification, room, client| {
            let show = show.clone();
            // Sync waits for notification handlers: decrypting may take a
            // moment, so it happens on its own task.
            tokio::spawn(async move {
                let notify = notification.actions.iter().any(Action::should_notify);
                let highlight = notification.actions.iter().any(Action::is_highlight);
                let RawAnySyncOrStrippedTimelineEvent::Sync(raw) = &notification.event else {
                    return;
                };
                let Some(event) = decrypted_message(&room, raw).await else {
                    return;
                };
                let Some(event) = event.as_original() else {
                    return;
                };
                if client.user_id() == Some(&event.sender) || !notify {
                    return;
                }
                let direct = room.is_direct().await.unwrap_or(false);
                if !(highlight || direct) {
                    return;
                }
                let sender_name = room
                    .get_member_no_sync(&event.sender)
                    .await
                    .ok()
                    .flatten()
                    .and_then(|m| m.display_name().map(str::to_owned))
                    .unwrap_or_else(|| event.sender.to_string());
                let body: String = event.content.body().chars().take(BODY_CHARS).collect();
                show(DesktopNotice {
                    room_id: room.room_id().to_string(),
                    room_name: room
                        .cached_display_name()
                        .map_or_else(|| room.room_id().to_string(), |n| n.to_string()),
                    sender_name,
                    body,
                    mentions_me: highlight,
                });
            });
            std::future::ready(())
        })
        .await;
}
