//! Which new messages deserve a desktop notification: mentions of me and
//! direct messages, as the homeserver's push rules decide. Those rules carry
//! each room's notification setting (all, mentions only, mute), so a muted
//! room stays quiet.

use crate::session::Session;
use matrix_sdk::deserialized_responses::RawAnySyncOrStrippedTimelineEvent;
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

/// Calls `show` for every notification-worthy message from now on.
pub async fn on_notices(session: &Session, show: impl Fn(DesktopNotice) + Send + Sync + 'static) {
    let show = std::sync::Arc::new(show);
    session
        .client()
        .register_notification_handler(move |notification, room, client| {
            let show = show.clone();
            async move {
                let notify = notification.actions.iter().any(Action::should_notify);
                let highlight = notification.actions.iter().any(Action::is_highlight);
                let RawAnySyncOrStrippedTimelineEvent::Sync(raw) = &notification.event else {
                    return;
                };
                let Ok(AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(
                    event,
                ))) = raw.deserialize()
                else {
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
            }
        })
        .await;
}
