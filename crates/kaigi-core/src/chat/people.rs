//! The people of a room as the UI shows them: members (for mention
//! completion and read receipts), who is typing, and avatar thumbnails.

use matrix_sdk::RoomMemberships;
use matrix_sdk::media::{MediaFormat, MediaRequestParameters, MediaThumbnailSettings};
use matrix_sdk::ruma::events::room::MediaSource;
use matrix_sdk::ruma::{OwnedMxcUri, UInt};
use serde::Serialize;

use super::{ChatError, rooms};
use crate::TaskHandle;
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub user_id: String,
    /// The display name, plain text.
    pub name: Option<String>,
    /// The avatar's `mxc://` address.
    pub avatar: Option<String>,
}

/// The joined and invited members of `room_id`, by name.
pub async fn members(session: &Session, room_id: &str) -> Result<Vec<Member>, ChatError> {
    let room = rooms::room_of(session, room_id)?;
    let mut members: Vec<Member> = room
        .members(RoomMemberships::ACTIVE)
        .await?
        .iter()
        .map(|m| Member {
            user_id: m.user_id().to_string(),
            name: m.display_name().map(str::to_owned),
            avatar: m.avatar_url().map(ToString::to_string),
        })
        .collect();
    members.sort_by(|a, b| {
        let key = |m: &Member| m.name.clone().unwrap_or_else(|| m.user_id.clone());
        key(a).cmp(&key(b))
    });
    Ok(members)
}

/// Tells the room whether I am typing. The homeserver clears it by itself
/// after a while, so a forgotten `false` does no lasting harm.
pub async fn set_typing(session: &Session, room_id: &str, typing: bool) -> Result<(), ChatError> {
    rooms::room_of(session, room_id)?
        .typing_notice(typing)
        .await?;
    Ok(())
}

/// Streams the names of the others typing in a room until dropped.
pub struct TypingSubscription {
    _task: TaskHandle,
}

impl TypingSubscription {
    pub fn start(
        session: &Session,
        room_id: &str,
        on_change: impl Fn(Vec<String>) + Send + 'static,
    ) -> Result<Self, ChatError> {
        let room = rooms::room_of(session, room_id)?;
        let (guard, mut updates) = room.subscribe_to_typing_notifications();
        let task = TaskHandle::spawn(async move {
            let _guard = guard;
            while let Ok(users) = updates.recv().await {
                let mut names = Vec::with_capacity(users.len());
                for user in &users {
                    let name = match room.get_member_no_sync(user).await {
                        Ok(Some(member)) => member.name().to_owned(),
                        _ => user.localpart().to_owned(),
                    };
                    names.push(name);
                }
                on_change(names);
            }
        });
        Ok(Self { _task: task })
    }
}

/// A square thumbnail of the avatar at `mxc` (`size` pixels), with its type.
pub async fn avatar(
    session: &Session,
    mxc: &str,
    size: u32,
) -> Result<(String, Vec<u8>), ChatError> {
    let uri: OwnedMxcUri = mxc.into();
    if !uri.is_valid() {
        return Err(ChatError::NotAFile(mxc.to_owned()));
    }
    let side = UInt::from(size.clamp(16, 512));
    let request = MediaRequestParameters {
        source: MediaSource::Plain(uri),
        format: MediaFormat::Thumbnail(MediaThumbnailSettings::new(side, side)),
    };
    let bytes = session
        .client()
        .media()
        .get_media_content(&request, true)
        .await?;
    let mimetype = infer::get(&bytes)
        .map_or("application/octet-stream", |kind| kind.mime_type())
        .to_owned();
    Ok((mimetype, bytes))
}
