//! Work status: where each person works today and whether they can be reached.
//!
//! - [`event`]: the `jp.kaigi.status` state event, one per person in each
//!   department's status room ([`room`]); only its owner can set it.
//! - [`effective`]: what a status means now (an expired note, yesterday's plan).
//! - [`board`]: the roster board (在席表) of every department I belong to.
//! - [`auto`]: "in a meeting", "away" when idle, and expiry, decided for me;
//!   [`autopilot`] applies them as time passes.
//! - [`report`]: telework days per person and department for a month, and CSV.
//! - `mirror`: my status also goes to Matrix presence with a readable
//!   `status_msg`, so other Matrix clients show it.

pub mod auto;
pub mod autopilot;
pub mod board;
pub mod effective;
pub mod event;
mod mirror;
pub mod report;
pub mod room;
mod set;

pub use set::{my_status, my_status_now, set_my_status};

use serde::{Deserialize, Serialize};

use crate::store::StoreError;
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

/// A person's status: location, availability, an optional short note, until
/// when the availability and note hold, and a plan for the next day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkStatus {
    pub location: WorkLocation,
    pub availability: Availability,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Milliseconds since the epoch; after it the availability returns to
    /// available and the note goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[specta(type = Option<f64>)]
    pub until: Option<i64>,
    /// Where I plan to work the next day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tomorrow: Option<Plan>,
}

/// A plan for the next day: where, and an optional note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub location: WorkLocation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The longest note, in characters.
pub const NOTE_MAX_CHARS: usize = 100;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StatusError {
    #[error("the note is longer than {NOTE_MAX_CHARS} characters")]
    NoteTooLong,
    #[error("the status is already over: its end lies in the past")]
    UntilInThePast,
    #[error("no department to share the status in: join a department's space first")]
    NoDepartment,
    #[error("the homeserver refused: {0}")]
    Homeserver(#[from] matrix_sdk::Error),
    #[error("the homeserver refused: {0}")]
    Http(#[from] matrix_sdk::HttpError),
    #[error("{0} is not a month (expected YYYY-MM)")]
    BadMonth(String),
    #[error("could not write the report: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl HasErrorCode for StatusError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::NoteTooLong | Self::UntilInThePast | Self::BadMonth(_) => ErrorCode::InvalidInput,
            Self::NoDepartment => ErrorCode::NotFound,
            Self::Homeserver(e) => crate::homeserver_error::classify(e),
            Self::Http(e) => crate::homeserver_error::classify_http(e),
            Self::Io(_) => ErrorCode::Storage,
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
    /// Trims the notes, drops empty ones and enforces [`NOTE_MAX_CHARS`].
    pub fn normalized(mut self) -> Result<Self, StatusError> {
        self.note = normalize_note(self.note)?;
        if let Some(plan) = &mut self.tomorrow {
            plan.note = normalize_note(plan.note.take())?;
        }
        Ok(self)
    }

    /// The simplest status: at `location`, available, no note.
    pub fn at(location: WorkLocation, availability: Availability) -> Self {
        Self {
            location,
            availability,
            note: None,
            until: None,
            tomorrow: None,
        }
    }
}

fn normalize_note(note: Option<String>) -> Result<Option<String>, StatusError> {
    let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > NOTE_MAX_CHARS)
    {
        return Err(StatusError::NoteTooLong);
    }
    Ok(note)
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
            note: Some(note.to_owned()),
            ..WorkStatus::at(WorkLocation::Home, Availability::Available)
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
        let mut planned = status("x");
        planned.tomorrow = Some(Plan {
            location: WorkLocation::Office,
            note: Some("い".repeat(101)),
        });
        assert!(matches!(
            planned.normalized(),
            Err(StatusError::NoteTooLong)
        ));
    }

    #[test]
    fn the_wire_form_is_compact_and_reads_older_statuses() {
        let status = WorkStatus::at(WorkLocation::Satellite, Availability::Busy);
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            serde_json::json!({"location": "satellite", "availability": "busy"})
        );
        let old: WorkStatus =
            serde_json::from_str(r#"{"location":"home","availability":"away","note":null}"#)
                .unwrap();
        assert_eq!(old, WorkStatus::at(WorkLocation::Home, Availability::Away));
    }
}
