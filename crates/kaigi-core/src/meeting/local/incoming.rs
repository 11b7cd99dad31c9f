//! The events of a meeting room Kaigi keeps, and the changes it reports.

use serde::Serialize;
use serde_json::Value;

use super::super::event::{MEETING_TYPE, PRESENTER_TYPE, PresenterPosition};
use super::super::material::{RECEIVED_TYPE, meta_of};
use super::super::vote;

/// What an event of a meeting room is to Kaigi.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Material,
    Received,
    Annotation,
    PollStart,
    PollResponse,
    PollEnd,
    Meeting,
    Presenter,
    /// Removes the event named by the content's `redacts`.
    Redaction,
}

impl Kind {
    /// The kind of an event, from its type and content; `None` for events
    /// Kaigi does not keep (chat, annotations, ...).
    pub fn of(event_type: &str, content: &Value) -> Option<Self> {
        match event_type {
            "m.room.message" if meta_of(content).is_some() => Some(Self::Material),
            RECEIVED_TYPE => Some(Self::Received),
            super::super::shared::ANNOTATION_TYPE => Some(Self::Annotation),
            vote::POLL_START | vote::STABLE_POLL_START if content[vote::VOTE_KEY].is_object() => {
                Some(Self::PollStart)
            }
            vote::POLL_RESPONSE | vote::STABLE_POLL_RESPONSE => Some(Self::PollResponse),
            vote::POLL_END | vote::STABLE_POLL_END => Some(Self::PollEnd),
            MEETING_TYPE => Some(Self::Meeting),
            PRESENTER_TYPE => Some(Self::Presenter),
            "m.room.redaction" => Some(Self::Redaction),
            _ => None,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Material => "material",
            Self::Received => "received",
            Self::Annotation => "annotation",
            Self::PollStart => "poll-start",
            Self::PollResponse => "poll-response",
            Self::PollEnd => "poll-end",
            Self::Meeting => "meeting",
            Self::Presenter => "presenter",
            Self::Redaction => "redaction",
        }
    }
}

/// One event to apply.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub event_id: String,
    pub kind: Kind,
    pub sender: String,
    pub ts_ms: i64,
    pub content: Value,
}

impl Incoming {
    /// Reads a timeline event as JSON (decrypted, if it was encrypted).
    pub fn from_json(event: &Value) -> Option<Self> {
        let event_type = event.get("type")?.as_str()?;
        let mut content = event.get("content")?.clone();
        let kind = Kind::of(event_type, &content)?;
        if kind == Kind::Redaction {
            // Room versions before 11 put `redacts` at the top level.
            let redacts = content
                .get("redacts")
                .or_else(|| event.get("redacts"))?
                .clone();
            content = serde_json::json!({ "redacts": redacts });
        }
        Some(Self {
            event_id: event.get("event_id")?.as_str()?.to_owned(),
            kind,
            sender: event.get("sender")?.as_str()?.to_owned(),
            ts_ms: event.get("origin_server_ts")?.as_i64()?,
            content,
        })
    }
}

/// A change the meeting screen shows at once.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum MeetingUpdate {
    /// Title, time, agenda or state changed.
    Details { room_id: String },
    Presenter {
        room_id: String,
        position: PresenterPosition,
    },
    /// A material or receipt arrived, or a material was removed.
    Materials { room_id: String },
    /// A shared annotation arrived or was removed.
    Annotations { room_id: String },
    /// A vote started, was cast or ended.
    Votes { room_id: String },
    /// Downloading materials ahead of the meeting: `cached` of `total`.
    Prefetch {
        room_id: String,
        cached: u32,
        total: u32,
    },
    /// The organiser closed with revoke; the materials are gone from here.
    Revoked { room_id: String },
}

impl MeetingUpdate {
    pub fn room_id(&self) -> &str {
        match self {
            Self::Details { room_id }
            | Self::Presenter { room_id, .. }
            | Self::Materials { room_id }
            | Self::Annotations { room_id }
            | Self::Votes { room_id }
            | Self::Prefetch { room_id, .. }
            | Self::Revoked { room_id } => room_id,
        }
    }
}
