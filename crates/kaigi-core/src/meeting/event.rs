//! A meeting's Matrix state: `jp.kaigi.meeting` (title, time, place, agenda,
//! state) and `jp.kaigi.meeting.presenter` (who presents, which material and
//! page, soft or forced follow), both with an empty state key, in a room whose
//! type is `jp.kaigi.meeting`. Only members with the organiser's power level
//! (or a granted presenter's) may change them; the homeserver enforces it.

use matrix_sdk::ruma::OwnedUserId;
use matrix_sdk::ruma::events::EmptyStateKey;
use matrix_sdk::ruma::events::macros::EventContent;
use serde::{Deserialize, Serialize};

/// The room type and the event type of a meeting.
pub const MEETING_TYPE: &str = "jp.kaigi.meeting";
/// The event type of the presenter's position.
pub const PRESENTER_TYPE: &str = "jp.kaigi.meeting.presenter";

/// Where a meeting is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum MeetingState {
    Scheduled,
    Open,
    Closed,
}

/// One item of the agenda. `id` stays when the item is renamed or moved, so
/// materials and votes stay attached to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    pub id: String,
    pub title: String,
}

/// A meeting's details, agenda and state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    pub title: String,
    /// Milliseconds since the epoch.
    #[specta(type = f64)]
    pub starts_at: i64,
    #[specta(type = f64)]
    pub ends_at: i64,
    /// A room, or empty for an online meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// An http(s) link to join online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_url: Option<String>,
    /// In order.
    pub agenda: Vec<AgendaItem>,
    pub state: MeetingState,
    /// Set with `Closed`: every participant's copy of the materials is wiped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revoke: bool,
    /// Who revoked the materials (the audit record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_by: Option<String>,
    /// When, in milliseconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[specta(type = Option<f64>)]
    pub revoked_at: Option<i64>,
}

/// The content of the `jp.kaigi.meeting` state event: `{"meeting": {...}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, EventContent)]
#[ruma_event(type = "jp.kaigi.meeting", kind = State, state_key_type = EmptyStateKey)]
pub struct MeetingEventContent {
    pub meeting: Meeting,
}

/// How closely participants follow the presenter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum FollowMode {
    /// Views jump to the presenter's page until the participant navigates.
    Soft,
    /// Everyone is held on the presenter's page.
    Forced,
}

/// The content of the `jp.kaigi.meeting.presenter` state event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, EventContent)]
#[ruma_event(type = "jp.kaigi.meeting.presenter", kind = State, state_key_type = EmptyStateKey)]
#[serde(rename_all = "camelCase")]
pub struct PresenterEventContent {
    pub presenter: OwnedUserId,
    /// The material shown (its `m.file` event id), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material: Option<String>,
    /// 0-based.
    pub page: u32,
    pub mode: FollowMode,
}

/// The presenter's position as the meeting screen receives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PresenterPosition {
    pub presenter: String,
    /// The material shown (its `m.file` event id), if any.
    pub material: Option<String>,
    /// 0-based.
    pub page: u32,
    pub mode: FollowMode,
}

impl From<PresenterEventContent> for PresenterPosition {
    fn from(content: PresenterEventContent) -> Self {
        Self {
            presenter: content.presenter.to_string(),
            material: content.material,
            page: content.page,
            mode: content.mode,
        }
    }
}

#[cfg(test)]
mod tests {
    use matrix_sdk::ruma::events::StaticEventContent;

    use super::*;

    #[test]
    fn types_are_in_kaigis_namespace() {
        assert_eq!(MeetingEventContent::TYPE, MEETING_TYPE);
        assert_eq!(PresenterEventContent::TYPE, PRESENTER_TYPE);
        assert!(MEETING_TYPE.starts_with(crate::ns::NS));
    }

    #[test]
    fn an_open_meeting_omits_revoke_and_a_closed_one_keeps_it() {
        let mut meeting = Meeting {
            title: "第1回 推進会議".into(),
            starts_at: 1,
            ends_at: 2,
            place: None,
            online_url: None,
            agenda: vec![],
            state: MeetingState::Open,
            revoke: false,
            revoked_by: None,
            revoked_at: None,
        };
        let json = serde_json::to_value(MeetingEventContent {
            meeting: meeting.clone(),
        })
        .unwrap();
        assert!(json["meeting"].get("revoke").is_none(), "{json}");
        assert_eq!(json["meeting"]["state"], "open");
        meeting.state = MeetingState::Closed;
        meeting.revoke = true;
        let json = serde_json::to_value(MeetingEventContent {
            meeting: meeting.clone(),
        })
        .unwrap();
        assert_eq!(json["meeting"]["revoke"], true);
        assert_eq!(json["meeting"]["startsAt"], 1);
        let back: MeetingEventContent = serde_json::from_value(json).unwrap();
        assert_eq!(back.meeting, meeting);
    }
}
