//! Each department (a Matrix space) has one status room: a child room of
//! type `jp.kaigi.status` that any member of the space may join, where every
//! member may set their own `jp.kaigi.status` state and nothing else.
//!
//! The status room is not end-to-end encrypted: Matrix does not encrypt state
//! events, so encryption would protect nothing here. The status is shared with
//! the department by design; notes should not hold secrets.

use matrix_sdk::Room;
use matrix_sdk::ruma::api::client::room::Visibility;
use matrix_sdk::ruma::api::client::room::create_room::v3::{
    CreationContent, Request as CreateRoom,
};
use matrix_sdk::ruma::api::client::space::get_hierarchy;
use matrix_sdk::ruma::api::client::state::get_state_event_for_key;
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::StateEventType;
use matrix_sdk::ruma::events::room::join_rules::{
    AllowRule, JoinRule, Restricted, RoomJoinRulesEventContent,
};
use matrix_sdk::ruma::events::space::child::SpaceChildEventContent;
use matrix_sdk::ruma::events::space::parent::SpaceParentEventContent;
use matrix_sdk::ruma::room::RoomType;
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{OwnedRoomId, RoomVersionId, UInt};

use super::StatusError;
use super::event::STATUS_EVENT_TYPE;
use crate::session::Session;

/// A department and its status room.
#[derive(Debug, Clone)]
pub struct Department {
    pub space: Room,
    pub status_room: Room,
}

fn is_status_type(room_type: Option<&RoomType>) -> bool {
    room_type.is_some_and(|t| t.to_string() == STATUS_EVENT_TYPE)
}

/// Whether `room` is a status room (the chat lists leave these out).
pub fn is_status_room(room: &Room) -> bool {
    is_status_type(room.room_type().as_ref())
}

/// The spaces I have joined: my departments.
pub fn my_spaces(session: &Session) -> Vec<Room> {
    let mut spaces: Vec<Room> = session
        .client()
        .joined_rooms()
        .into_iter()
        .filter(|r| r.is_space())
        .collect();
    spaces.sort_by(|a, b| a.room_id().cmp(b.room_id()));
    spaces
}

/// The status room of every department I belong to: joined if I was not in
/// it yet, created where missing and I may add rooms to the space. A space
/// without one where I may not create it is left out (logged). When none
/// could be reached, the first error says why (the homeserver is down, say).
pub async fn departments(session: &Session) -> Result<Vec<Department>, StatusError> {
    let mut out = Vec::new();
    let mut first_error = None;
    for space in my_spaces(session) {
        match status_room_of(session, &space).await {
            Ok(Some(status_room)) => out.push(Department { space, status_room }),
            Ok(None) => tracing::info!(
                space = %space.room_id(),
                "this department has no status board, and I may not add one"
            ),
            Err(e) => {
                tracing::warn!(space = %space.room_id(), error = %e, "status room unavailable");
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) if out.is_empty() => Err(e),
        _ => Ok(out),
    }
}

async fn status_room_of(session: &Session, space: &Room) -> Result<Option<Room>, StatusError> {
    let client = session.client();
    // Already joined: the room says so itself.
    let children = child_ids(space).await?;
    let mut joined: Vec<Room> = children
        .iter()
        .filter_map(|id| client.get_room(id))
        .filter(|r| r.state() == matrix_sdk::RoomState::Joined && is_status_room(r))
        .collect();
    joined.sort_by(|a, b| a.room_id().cmp(b.room_id()));
    if let Some(room) = joined.into_iter().next() {
        return Ok(Some(room));
    }
    // Not joined: the space's hierarchy tells which child is the status room.
    let mut request = get_hierarchy::v1::Request::new(space.room_id().to_owned());
    request.max_depth = Some(UInt::from(1u32));
    let hierarchy = client.send(request).await?;
    let mut found: Vec<OwnedRoomId> = hierarchy
        .rooms
        .iter()
        .filter(|chunk| chunk.summary.room_id != space.room_id())
        .filter(|chunk| is_status_type(chunk.summary.room_type.as_ref()))
        .map(|chunk| chunk.summary.room_id.clone())
        .collect();
    found.sort();
    if let Some(id) = found.into_iter().next() {
        return match client.get_room(&id) {
            Some(room) if room.state() == matrix_sdk::RoomState::Joined => Ok(Some(room)),
            _ => Ok(Some(client.join_room_by_id(&id).await?)),
        };
    }
    if !may_add_children(session, space).await? {
        return Ok(None);
    }
    create(session, space).await.map(Some)
}

/// Whether I may add rooms to `space`. Asked of the homeserver: the sync
/// leaves power levels out of the state it keeps for spaces.
async fn may_add_children(session: &Session, space: &Room) -> Result<bool, StatusError> {
    let me = session.user_id();
    if space.create_content().is_some_and(|c| c.creator == me) {
        return Ok(true);
    }
    let request = get_state_event_for_key::v3::Request::new(
        space.room_id().to_owned(),
        StateEventType::RoomPowerLevels,
        String::new(),
    );
    let response = session.client().send(request).await?;
    let levels: serde_json::Value =
        serde_json::from_str(response.event_or_content.get()).map_err(json)?;
    let number = |v: Option<&serde_json::Value>, default: i64| {
        v.and_then(serde_json::Value::as_i64).unwrap_or(default)
    };
    let mine = number(
        levels["users"].get(me.as_str()),
        number(levels.get("users_default"), 0),
    );
    let needed = number(
        levels["events"].get("m.space.child"),
        number(levels.get("state_default"), 50),
    );
    Ok(mine >= needed)
}

async fn child_ids(space: &Room) -> Result<Vec<OwnedRoomId>, StatusError> {
    let events = space
        .get_state_events_static::<SpaceChildEventContent>()
        .await?;
    Ok(events
        .into_iter()
        .filter_map(|raw| raw.deserialize().ok())
        .filter_map(|event| match event {
            matrix_sdk::deserialized_responses::SyncOrStrippedState::Sync(e) => e
                .as_original()
                .filter(|o| !o.content.via.is_empty())
                .map(|o| o.state_key.clone()),
            matrix_sdk::deserialized_responses::SyncOrStrippedState::Stripped(_) => None,
        })
        .collect())
}

/// Creates the status room of `space`: joinable by the space's members, who
/// may each set their own status (power level 0) and nothing else.
async fn create(session: &Session, space: &Room) -> Result<Room, StatusError> {
    let name = space.name().unwrap_or_default();
    let mut request = CreateRoom::new();
    request.name = Some(format!("{name} 在席表 / Status board").trim().to_owned());
    request.visibility = Visibility::Private;
    request.room_version = Some(RoomVersionId::V10);
    let mut creation = CreationContent::new();
    creation.room_type = Some(RoomType::from(STATUS_EVENT_TYPE));
    request.creation_content = Some(Raw::new(&creation).map_err(json)?);
    let via = session.user_id().server_name().to_owned();
    request.initial_state = vec![
        InitialStateEvent::with_empty_state_key(RoomJoinRulesEventContent::new(
            JoinRule::Restricted(Restricted::new(vec![AllowRule::room_membership(
                space.room_id().to_owned(),
            )])),
        ))
        .to_raw_any(),
        InitialStateEvent::new(
            space.room_id().to_owned(),
            SpaceParentEventContent::new(vec![via.clone()]),
        )
        .to_raw_any(),
    ];
    let levels = serde_json::json!({
        "events_default": 50,
        "events": { STATUS_EVENT_TYPE: 0 },
    });
    request.power_level_content_override = Some(Raw::from_json(
        serde_json::value::to_raw_value(&levels).map_err(json)?,
    ));
    let room = session.client().create_room(request).await?;
    space
        .send_state_event_for_key(room.room_id(), SpaceChildEventContent::new(vec![via]))
        .await?;
    tracing::info!(space = %space.room_id(), room = %room.room_id(), "created a status room");
    Ok(room)
}

fn json(e: serde_json::Error) -> StatusError {
    StatusError::Homeserver(matrix_sdk::Error::SerdeJson(e))
}
