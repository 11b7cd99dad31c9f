//! Chat: the room list and room timelines from matrix-sdk-ui, streamed to the
//! UI as an initial reset followed by batches of diffs.

mod attachments;
mod diff;
pub mod links;
mod mentions;
mod notify;
mod people;
mod room;
mod room_list;
pub mod rooms;
pub mod safe_html;
mod timeline_entry;

use crate::homeserver_error::classify;
use crate::{ErrorCode, HasErrorCode};

pub use attachments::{Attachment, display_file_name, safe_file_name};
pub use diff::ListDiff;
pub use notify::{DesktopNotice, on_notices};
pub use people::{Member, TypingSubscription, avatar, members, set_typing};
pub use room::{Focus, OpenRoom};
pub use room_list::{RoomListSubscription, RoomSummary};
pub use rooms::NewRoom;
pub use timeline_entry::{
    EventEntry, FileInfo, MessageEntry, MessageKind, ReactionCount, ReplyPreview, SendState,
    TimelineEntry, VirtualEntry,
};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ChatError {
    #[error("no such room: {0}")]
    UnknownRoom(String),
    #[error("the message is empty")]
    EmptyMessage,
    #[error("the name is empty")]
    EmptyName,
    #[error("not a user id: {0}")]
    InvalidUserId(String),
    #[error("a reaction is one short text, such as an emoji")]
    InvalidReaction,
    #[error("no such message in this timeline: {0}")]
    UnknownItem(String),
    #[error("only web links (http or https) can be opened: {0}")]
    UnsafeLink(String),
    #[error("cannot read the file: {0}")]
    FileUnreadable(String),
    #[error("the file is larger than the homeserver accepts ({max_bytes} bytes)")]
    FileTooLarge { max_bytes: u64 },
    #[error("this message carries no file: {0}")]
    NotAFile(String),
    #[error("the homeserver has not confirmed the new room's encryption yet")]
    EncryptionUnconfirmed,
    #[error("send queue: {0}")]
    SendQueue(String),
    #[error("invalid data: {0}")]
    Json(#[from] serde_json::Error),
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
            Self::UnknownRoom(_) | Self::UnknownItem(_) | Self::NotAFile(_) => ErrorCode::NotFound,
            Self::FileUnreadable(_) => ErrorCode::Storage,
            Self::FileTooLarge { .. } => ErrorCode::FileTooLarge,
            Self::EmptyMessage
            | Self::EmptyName
            | Self::InvalidUserId(_)
            | Self::InvalidReaction
            | Self::UnsafeLink(_) => ErrorCode::InvalidInput,
            Self::EncryptionUnconfirmed => ErrorCode::Timeout,
            Self::Json(_) | Self::SendQueue(_) => ErrorCode::Internal,
            Self::Homeserver(e) => classify(e),
            Self::RoomList(_) | Self::Timeline(_) => ErrorCode::Internal,
        }
    }
}
