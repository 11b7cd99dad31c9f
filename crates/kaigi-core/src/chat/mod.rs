//! Chat: the room list and room timelines from matrix-sdk-ui, streamed to the
//! UI as an initial reset followed by batches of diffs.

mod diff;
mod room;
mod room_list;
mod timeline_entry;

use crate::homeserver_error::classify;
use crate::{ErrorCode, HasErrorCode};

pub use diff::ListDiff;
pub use room::OpenRoom;
pub use room_list::{RoomListSubscription, RoomSummary};
pub use timeline_entry::{SendState, TimelineEntry};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ChatError {
    #[error("no such room: {0}")]
    UnknownRoom(String),
    #[error("the message is empty")]
    EmptyMessage,
    #[error("room list: {0}")]
    RoomList(#[from] matrix_sdk_ui::room_list_service::Error),
    #[error("timeline: {0}")]
    Timeline(#[from] matrix_sdk_ui::timeline::Error),
    #[error("homeserver: {0}")]
    Homeserver(#[from] matrix_sdk::Error),
}

impl HasErrorCode for ChatError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::UnknownRoom(_) => ErrorCode::NotFound,
            Self::EmptyMessage => ErrorCode::InvalidInput,
            Self::Homeserver(e) => classify(e),
            Self::RoomList(_) | Self::Timeline(_) => ErrorCode::Internal,
        }
    }
}
