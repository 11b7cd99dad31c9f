//! The `jp.kaigi.status` state event: one per person in a department's status
//! room, with the person's user id as its state key. By the Matrix auth rules
//! a state key that starts with `@` must equal the sender, so only its owner
//! can set it; the room's history is the record of who worked where.

use matrix_sdk::ruma::OwnedUserId;
use matrix_sdk::ruma::events::macros::EventContent;
use serde::{Deserialize, Serialize};

use super::WorkStatus;

/// Why Kaigi changed a status by itself, when it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum AutoReason {
    /// I joined or presented a meeting.
    Meeting,
    /// No activity for the configured idle time.
    Idle,
    /// The status's `until` passed.
    Expired,
    /// What I had chosen, back after a meeting or idleness.
    Restored,
}

/// The content of a `jp.kaigi.status` state event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, EventContent)]
#[ruma_event(type = "jp.kaigi.status", kind = State, state_key_type = OwnedUserId)]
pub struct StatusEventContent {
    pub status: WorkStatus,
    /// When it was set, in milliseconds since the epoch, by the setter's clock.
    /// Reports count days from this, so history can be read in any time zone.
    pub set_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto: Option<AutoReason>,
}

/// The event type, for filters and power levels.
pub const STATUS_EVENT_TYPE: &str = "jp.kaigi.status";

/// A whole status event as the homeserver returns it (state or history).
#[derive(Deserialize)]
pub(crate) struct RawStatusEvent {
    #[serde(rename = "type")]
    kind: String,
    pub sender: OwnedUserId,
    state_key: String,
    pub origin_server_ts: i64,
    pub content: StatusEventContent,
}

impl RawStatusEvent {
    /// A status event whose key is its sender's id, or `None`. The auth rules
    /// already refuse any other; this is belt and braces.
    pub fn parse(json: &str) -> Option<Self> {
        let event: Self = serde_json::from_str(json).ok()?;
        (event.kind == STATUS_EVENT_TYPE && event.state_key == event.sender.as_str())
            .then_some(event)
    }
}

#[cfg(test)]
mod tests {
    use matrix_sdk::ruma::events::StaticEventContent;

    use super::*;
    use crate::status::{Availability, Plan, WorkLocation};

    #[test]
    fn the_event_type_lives_in_kaigis_namespace() {
        assert_eq!(StatusEventContent::TYPE, STATUS_EVENT_TYPE);
        assert!(STATUS_EVENT_TYPE.starts_with(crate::ns::NS));
    }

    #[test]
    fn content_is_json_with_integer_times() {
        let content = StatusEventContent {
            status: WorkStatus {
                note: Some("15時から会議".into()),
                until: Some(1_700_000_000_000),
                tomorrow: Some(Plan {
                    location: WorkLocation::Office,
                    note: None,
                }),
                ..WorkStatus::at(WorkLocation::Home, Availability::Busy)
            },
            set_at: 1_699_990_000_000,
            auto: Some(AutoReason::Meeting),
        };
        let json = serde_json::to_value(&content).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "status": {
                    "location": "home", "availability": "busy", "note": "15時から会議",
                    "until": 1_700_000_000_000_i64, "tomorrow": {"location": "office"},
                },
                "set_at": 1_699_990_000_000_i64, "auto": "meeting",
            })
        );
        let back: StatusEventContent = serde_json::from_value(json).unwrap();
        assert_eq!(back, content);
    }
}
