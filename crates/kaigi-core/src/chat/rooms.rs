//! Creating, joining and leaving rooms, invitations, and the rooms of a space
//! (a department).

use matrix_sdk::ruma::api::client::room::create_room::v3::{
    CreationContent, Request as CreateRoom, RoomPreset,
};
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::events::space::child::SpaceChildEventContent;
use matrix_sdk::ruma::events::space::parent::SpaceParentEventContent;
use matrix_sdk::ruma::room::RoomType;
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{OwnedRoomId, OwnedUserId, RoomId, RoomOrAliasId, UserId};
use matrix_sdk::{Room, RoomState};
use serde::Deserialize;

use super::ChatError;
use crate::session::Session;

/// A room (or space) to create.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewRoom {
    pub name: String,
    pub topic: Option<String>,
    /// User ids to invite.
    #[serde(default)]
    pub invite: Vec<String>,
    /// The space (department) to file it under.
    pub space: Option<String>,
    /// Create a space rather than a chat room.
    #[serde(default)]
    pub is_space: bool,
}

impl NewRoom {
    /// An encrypted group with no topic, outside any department.
    pub fn group(name: impl Into<String>, invite: Vec<String>) -> Self {
        Self {
            name: name.into(),
            topic: None,
            invite,
            space: None,
            is_space: false,
        }
    }
}

fn user(id: &str) -> Result<OwnedUserId, ChatError> {
    UserId::parse(id.trim()).map_err(|_| ChatError::InvalidUserId(id.to_owned()))
}

pub(crate) fn room_of(session: &Session, id: &str) -> Result<Room, ChatError> {
    RoomId::parse(id)
        .ok()
        .and_then(|id| session.client().get_room(&id))
        .ok_or_else(|| ChatError::UnknownRoom(id.to_owned()))
}

/// Creates a room, end-to-end encrypted (spaces hold no messages and are not),
/// invites people and files it under its space. Returns the new room's id.
pub async fn create_room(session: &Session, new: NewRoom) -> Result<String, ChatError> {
    let name = new.name.trim();
    if name.is_empty() {
        return Err(ChatError::EmptyName);
    }
    let invite = new
        .invite
        .iter()
        .map(|u| user(u))
        .collect::<Result<Vec<_>, _>>()?;
    let space = new
        .space
        .as_deref()
        .map(|s| room_of(session, s))
        .transpose()?;

    let mut request = CreateRoom::new();
    request.name = Some(name.to_owned());
    request.topic = new
        .topic
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    request.invite = invite;
    request.preset = Some(RoomPreset::PrivateChat);
    if new.is_space {
        let mut creation = CreationContent::new();
        creation.room_type = Some(RoomType::Space);
        request.creation_content = Some(Raw::new(&creation).map_err(ChatError::Json)?);
    } else {
        request.initial_state = vec![
            InitialStateEvent::with_empty_state_key(
                RoomEncryptionEventContent::with_recommended_defaults(),
            )
            .to_raw_any(),
        ];
    }
    if let Some(space) = &space {
        let via = session.user_id().server_name().to_owned();
        request.initial_state.push(
            InitialStateEvent::new(
                space.room_id().to_owned(),
                SpaceParentEventContent::new(vec![via]),
            )
            .to_raw_any(),
        );
    }
    let room = session.client().create_room(request).await?;
    if !new.is_space {
        encryption_confirmed(&room).await?;
    }
    if let Some(space) = space {
        add_to_space(session, &space, room.room_id().to_owned()).await?;
    }
    Ok(room.room_id().to_string())
}

/// Waits until this client knows `room` (just created with encryption) as
/// encrypted. Sync can meet a new room before its encryption event is stored
/// and take it for unencrypted for a moment; anything sent then would go out
/// in the clear.
async fn encryption_confirmed(room: &Room) -> Result<(), ChatError> {
    let mut updates = room.subscribe_info();
    let confirmed = async {
        loop {
            let state = room.latest_encryption_state().await?;
            if state.is_encrypted() {
                return Ok::<_, ChatError>(());
            }
            if updates.next().await.is_none() {
                return Err(ChatError::EncryptionUnconfirmed);
            }
        }
    };
    tokio::time::timeout(ENCRYPTION_CONFIRMATION, confirmed)
        .await
        .map_err(|_| ChatError::EncryptionUnconfirmed)?
}

const ENCRYPTION_CONFIRMATION: std::time::Duration = std::time::Duration::from_secs(30);

async fn add_to_space(
    session: &Session,
    space: &Room,
    child: OwnedRoomId,
) -> Result<(), ChatError> {
    let via = session.user_id().server_name().to_owned();
    space
        .send_state_event_for_key(&child, SpaceChildEventContent::new(vec![via]))
        .await?;
    Ok(())
}

/// Opens (or creates) the encrypted direct chat with `user_id`; returns its room id.
pub async fn direct_chat(session: &Session, user_id: &str) -> Result<String, ChatError> {
    let user_id = user(user_id)?;
    if user_id == session.user_id() {
        return Err(ChatError::InvalidUserId(user_id.to_string()));
    }
    if let Some(room) = session.client().get_dm_room(&user_id) {
        return Ok(room.room_id().to_string());
    }
    let room = session.client().create_dm(&user_id).await?;
    encryption_confirmed(&room).await?;
    Ok(room.room_id().to_string())
}

pub async fn invite(session: &Session, room_id: &str, user_id: &str) -> Result<(), ChatError> {
    let user_id = user(user_id)?;
    room_of(session, room_id)?
        .invite_user_by_id(&user_id)
        .await?;
    Ok(())
}

/// Joins a room by id or alias (`#name:server`), or accepts an invitation.
pub async fn join(session: &Session, room: &str) -> Result<String, ChatError> {
    let target =
        RoomOrAliasId::parse(room.trim()).map_err(|_| ChatError::UnknownRoom(room.to_owned()))?;
    let joined = session
        .client()
        .join_room_by_id_or_alias(&target, &[])
        .await?;
    Ok(joined.room_id().to_string())
}

/// Leaves a room, or declines an invitation.
pub async fn leave(session: &Session, room_id: &str) -> Result<(), ChatError> {
    room_of(session, room_id)?.leave().await?;
    Ok(())
}

/// The rooms a space lists as its children that I am in or invited to.
pub async fn space_rooms(session: &Session, space_id: &str) -> Result<Vec<String>, ChatError> {
    let space = room_of(session, space_id)?;
    let children = space
        .get_state_events_static::<SpaceChildEventContent>()
        .await?;
    let mut ids = Vec::new();
    for child in children {
        let Ok(child) = child.deserialize() else {
            continue;
        };
        let (id, has_via) = match &child {
            matrix_sdk::deserialized_responses::SyncOrStrippedState::Sync(e) => (
                e.state_key().to_owned(),
                e.as_original().is_some_and(|o| !o.content.via.is_empty()),
            ),
            matrix_sdk::deserialized_responses::SyncOrStrippedState::Stripped(e) => (
                e.state_key.clone(),
                e.content.via.as_ref().is_some_and(|v| !v.is_empty()),
            ),
        };
        let known = session
            .client()
            .get_room(&id)
            .is_some_and(|r| matches!(r.state(), RoomState::Joined | RoomState::Invited));
        if has_via && known {
            ids.push(id.to_string());
        }
    }
    Ok(ids)
}
