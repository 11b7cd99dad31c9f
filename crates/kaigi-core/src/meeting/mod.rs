//! Paperless meetings: a meeting is an encrypted Matrix room of type
//! `jp.kaigi.meeting` with its title, time, place and agenda as state. The
//! organiser holds power level 100; participants are invited at 0, so the
//! homeserver refuses their changes to the agenda or the presenter.

pub mod cache;
pub mod create;
pub mod edit;
pub mod event;
pub(crate) mod keeper;
pub mod lifecycle;
pub mod list;
pub mod local;
pub mod material;
pub mod material_search;
pub(crate) mod reshare;
pub mod shared;
pub mod versions;
pub mod view;
pub mod vote;

use crate::{ErrorCode, HasErrorCode};

pub use create::{
    MeetingForm, create_meeting, grant_presenter, present, set_presenter, update_meeting,
};
pub use edit::edit_meeting;
pub use event::{
    AgendaItem, FollowMode, Meeting, MeetingEventContent, MeetingState, PresenterEventContent,
    PresenterPosition,
};
pub use lifecycle::{close_meeting, start_meeting};
pub use list::{MeetingSummary, When, meeting_details, meetings, when};
pub use local::{LocalMeetings, MeetingUpdate};
pub use material::{Material, NewMaterial, attach_material};
pub use material_search::MaterialHit;
pub use shared::{SharedAnnotation, share_annotation, unshare_annotation};
pub use versions::CarryReport;
pub use view::{MeetingView, MeetingWatch, Participant, meeting_view};
pub use vote::{Choice, Vote, cast_vote, end_vote, start_vote};

/// The longest title, in characters.
pub const TITLE_MAX_CHARS: usize = 200;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MeetingError {
    #[error("a meeting needs a title of at most {TITLE_MAX_CHARS} characters")]
    BadTitle,
    #[error("the meeting ends before it starts")]
    EndsBeforeStart,
    #[error("an agenda item has no title")]
    EmptyAgendaItem,
    #[error("the online link must start with https:// or http://")]
    BadLink,
    #[error("{0} is not a meeting room")]
    NotAMeeting(String),
    #[error("the homeserver refused: {0}")]
    Homeserver(#[from] matrix_sdk::Error),
    #[error("the homeserver refused: {0}")]
    Http(#[from] matrix_sdk::HttpError),
    #[error("unreadable meeting state: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("the agenda has no item {0}")]
    NoSuchItem(String),
    #[error("the meeting has no material {0}")]
    NoSuchMaterial(String),
    #[error("a vote needs a question of at most 300 characters and one of its choices")]
    BadQuestion,
    #[error("invalid annotation: {0}")]
    BadAnnotation(String),
    #[error("a material may be at most 200 MB")]
    TooLarge,
    #[error("the material is not on this device yet")]
    NotCached,
    #[error("the material's bytes do not match its SHA-256")]
    HashMismatch,
    #[error("the material cache could not be opened: it was changed, or the key is not this one")]
    Tampered,
    #[error("the material cache: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Keychain(#[from] crate::keychain::KeychainError),
    #[error(transparent)]
    Pdf(#[from] kaigi_pdf::PdfError),
    #[error(transparent)]
    Annotation(#[from] crate::store::annotations::AnnotationError),
}

impl HasErrorCode for MeetingError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::BadTitle | Self::EndsBeforeStart | Self::EmptyAgendaItem | Self::BadLink => {
                ErrorCode::InvalidInput
            }
            Self::NotAMeeting(_) | Self::NoSuchItem(_) | Self::NoSuchMaterial(_) => {
                ErrorCode::NotFound
            }
            Self::TooLarge => ErrorCode::FileTooLarge,
            Self::BadAnnotation(_) | Self::BadQuestion => ErrorCode::InvalidInput,
            Self::NotCached => ErrorCode::MaterialNotDownloaded,
            Self::HashMismatch | Self::Tampered => ErrorCode::MaterialDamaged,
            Self::Io(_) => ErrorCode::Storage,
            Self::Store(e) => e.code(),
            Self::Keychain(e) => e.code(),
            Self::Pdf(e) => e.code(),
            Self::Annotation(e) => e.code(),
            Self::Homeserver(e) => crate::homeserver_error::classify(e),
            Self::Http(e) => crate::homeserver_error::classify_http(e),
            Self::Malformed(_) => ErrorCode::Internal,
        }
    }
}

/// Checks a meeting as the organiser wrote it, trimming its texts.
pub fn validated(mut meeting: Meeting) -> Result<Meeting, MeetingError> {
    meeting.title = meeting.title.trim().to_owned();
    if meeting.title.is_empty() || meeting.title.chars().count() > TITLE_MAX_CHARS {
        return Err(MeetingError::BadTitle);
    }
    if meeting.ends_at < meeting.starts_at {
        return Err(MeetingError::EndsBeforeStart);
    }
    meeting.place = meeting
        .place
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty());
    meeting.online_url = meeting
        .online_url
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty());
    if let Some(url) = &meeting.online_url {
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            return Err(MeetingError::BadLink);
        }
    }
    for item in &mut meeting.agenda {
        item.title = item.title.trim().to_owned();
        if item.title.is_empty() {
            return Err(MeetingError::EmptyAgendaItem);
        }
    }
    Ok(meeting)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting() -> Meeting {
        Meeting {
            title: "  第1回 デジタル推進会議 ".into(),
            starts_at: 10,
            ends_at: 20,
            place: Some(" 本庁舎 3階 ".into()),
            online_url: Some(" ".into()),
            agenda: vec![AgendaItem {
                id: "a1".into(),
                title: " 開会 ".into(),
            }],
            state: MeetingState::Scheduled,
            revoke: false,
            revoked_by: None,
            revoked_at: None,
        }
    }

    #[test]
    fn texts_are_trimmed_and_empty_ones_dropped() {
        let m = validated(meeting()).unwrap();
        assert_eq!(m.title, "第1回 デジタル推進会議");
        assert_eq!(m.place.as_deref(), Some("本庁舎 3階"));
        assert_eq!(m.online_url, None);
        assert_eq!(m.agenda[0].title, "開会");
    }

    #[test]
    fn bad_meetings_are_refused_with_their_reason() {
        let no_title = Meeting {
            title: " ".into(),
            ..meeting()
        };
        assert!(matches!(validated(no_title), Err(MeetingError::BadTitle)));
        let long = Meeting {
            title: "議".repeat(201),
            ..meeting()
        };
        assert!(matches!(validated(long), Err(MeetingError::BadTitle)));
        let backwards = Meeting {
            ends_at: 5,
            ..meeting()
        };
        assert!(matches!(
            validated(backwards),
            Err(MeetingError::EndsBeforeStart)
        ));
        let script = Meeting {
            online_url: Some("javascript:alert(1)".into()),
            ..meeting()
        };
        assert!(matches!(validated(script), Err(MeetingError::BadLink)));
        let mut empty_item = meeting();
        empty_item.agenda[0].title = "  ".into();
        assert!(matches!(
            validated(empty_item),
            Err(MeetingError::EmptyAgendaItem)
        ));
    }
}
