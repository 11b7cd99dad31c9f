//! My work status: where I work today and whether I can be reached.
//!
//! Each change is recorded in `kaigi.sqlite` and mirrored to Matrix presence
//! with a readable `status_msg`, so other Matrix clients show it too.

mod mirror;

use serde::{Deserialize, Serialize};

use crate::session::Session;
use crate::store::StoreError;
use crate::store::status_history::StatusRecord;
use crate::{ErrorCode, HasErrorCode};

/// Where someone works today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum WorkLocation {
    Office,
    Home,
    Satellite,
    Mobile,
    BusinessTrip,
    Leave,
    OffDuty,
}

/// Whether someone can be reached now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Availability {
    Available,
    Busy,
    InMeeting,
    Away,
    Offline,
}

/// A person's status: location, availability and an optional short note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkStatus {
    pub location: WorkLocation,
    pub availability: Availability,
    pub note: Option<String>,
}

/// The longest note, in characters.
pub const NOTE_MAX_CHARS: usize = 100;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StatusError {
    #[error("the note is longer than {NOTE_MAX_CHARS} characters")]
    NoteTooLong,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl HasErrorCode for StatusError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::NoteTooLong => ErrorCode::InvalidInput,
            Self::Store(e) => e.code(),
        }
    }
}

macro_rules! string_forms {
    ($ty:ident { $($variant:ident => $s:literal),* $(,)? }) => {
        impl $ty {
            pub const ALL: &[$ty] = &[$($ty::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $s),* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($ty::$variant),)* _ => None }
            }
        }
    };
}

string_forms!(WorkLocation {
    Office => "office", Home => "home", Satellite => "satellite", Mobile => "mobile",
    BusinessTrip => "businessTrip", Leave => "leave", OffDuty => "offDuty",
});
string_forms!(Availability {
    Available => "available", Busy => "busy", InMeeting => "inMeeting", Away => "away",
    Offline => "offline",
});

impl WorkStatus {
    /// Trims the note, drops an empty one and enforces [`NOTE_MAX_CHARS`].
    pub fn normalized(mut self) -> Result<Self, StatusError> {
        self.note = self
            .note
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        if self
            .note
            .as_ref()
            .is_some_and(|n| n.chars().count() > NOTE_MAX_CHARS)
        {
            return Err(StatusError::NoteTooLong);
        }
        Ok(self)
    }
}

/// Sets my status: records it locally, then mirrors it to presence. A homeserver
/// with presence switched off does not stop the status from being set.
pub async fn set_my_status(
    session: &Session,
    status: WorkStatus,
    now_ms: i64,
) -> Result<WorkStatus, StatusError> {
    let status = status.normalized()?;
    let record = StatusRecord {
        user_id: session.user_id().to_string(),
        status: status.clone(),
        set_at_ms: now_ms,
    };
    session.profile().store().insert_status(&record)?;
    if let Err(e) = mirror::to_presence(session, &status).await {
        tracing::warn!(error = %e, "could not mirror the work status to presence");
    }
    Ok(status)
}

/// My latest status, if I ever set one on this device.
pub fn my_status(session: &Session) -> Result<Option<WorkStatus>, StatusError> {
    Ok(session
        .profile()
        .store()
        .latest_status(session.user_id().as_str())?
        .map(|r| r.status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_forms_round_trip_and_match_serde() {
        for l in WorkLocation::ALL {
            assert_eq!(WorkLocation::parse(l.as_str()), Some(*l));
            assert_eq!(
                serde_json::to_string(l).unwrap(),
                format!("\"{}\"", l.as_str())
            );
        }
        for a in Availability::ALL {
            assert_eq!(Availability::parse(a.as_str()), Some(*a));
            assert_eq!(
                serde_json::to_string(a).unwrap(),
                format!("\"{}\"", a.as_str())
            );
        }
        assert_eq!(WorkLocation::parse("moon"), None);
    }

    #[test]
    fn notes_are_trimmed_and_limited_to_100_characters() {
        let status = |note: &str| WorkStatus {
            location: WorkLocation::Home,
            availability: Availability::Available,
            note: Some(note.to_owned()),
        };
        assert_eq!(status("  ").normalized().unwrap().note, None);
        assert_eq!(
            status(" 午後は会議 ").normalized().unwrap().note.as_deref(),
            Some("午後は会議")
        );
        assert!(status(&"あ".repeat(100)).normalized().is_ok());
        assert!(matches!(
            status(&"あ".repeat(101)).normalized(),
            Err(StatusError::NoteTooLong)
        ));
    }
}
