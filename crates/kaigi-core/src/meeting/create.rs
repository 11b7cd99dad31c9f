//! Creating a meeting room, editing its details and agenda, and moving the
//! presenter's position. The room's power levels decide who may do what:
//! the organiser (100) everything, a granted presenter (50) the presenter's
//! position, participants (0) chat, annotations and votes.

use matrix_sdk::Room;
use matrix_sdk::ruma::api::client::room::create_room::v3::{
    CreationContent, Request as CreateRoom, RoomPreset,
};
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::room::RoomType;
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{Int, OwnedUserId, RoomId, UserId};
use rand::RngCore;

use super::event::{
    AgendaItem, MEETING_TYPE, Meeting, MeetingEventContent, MeetingState, PRESENTER_TYPE,
    PresenterEventContent,
};
use super::{MeetingError, validated};
use crate::session::Session;

/// The power level that may move the presenter's position.
pub const PRESENTER_LEVEL: i64 = 50;

/// What the organiser fills in, to create a meeting or to change one.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MeetingForm {
    pub title: String,
    /// Milliseconds since the epoch.
    #[specta(type = f64)]
    pub starts_at: i64,
    #[specta(type = f64)]
    pub ends_at: i64,
    pub place: Option<String>,
    pub online_url: Option<String>,
    /// Agenda item titles, in order.
    pub agenda: Vec<String>,
    /// User ids of the participants to invite (on a change, those added).
    pub invite: Vec<String>,
}

/// A new id such as `item-3f9a0c…`: short, random, stable across edits.
pub fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 6];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("{prefix}-{}", hex::encode(bytes))
}

/// Power levels of a meeting room: everything but chat, annotations, votes
/// and the presenter's position is the organiser's.
fn power_levels() -> serde_json::Value {
    let organiser_only = [
        MEETING_TYPE,
        "m.room.power_levels",
        "m.room.name",
        "m.room.topic",
        "m.room.avatar",
        "m.room.encryption",
        "m.room.history_visibility",
        "m.room.join_rules",
        "m.room.canonical_alias",
        "m.room.tombstone",
        "m.room.server_acl",
    ];
    let mut events: serde_json::Map<String, serde_json::Value> = organiser_only
        .iter()
        .map(|t| ((*t).to_owned(), 100.into()))
        .collect();
    events.insert(PRESENTER_TYPE.to_owned(), PRESENTER_LEVEL.into());
    serde_json::json!({
        "events": events,
        "events_default": 0,
        "state_default": 100,
        "invite": 100,
        "kick": 100,
        "ban": 100,
        "redact": 100,
    })
}

/// Creates the meeting room, encrypted, with its details and agenda, and
/// invites the participants. Returns the room id.
pub async fn create_meeting(session: &Session, new: MeetingForm) -> Result<String, MeetingError> {
    let meeting = validated(Meeting {
        title: new.title,
        starts_at: new.starts_at,
        ends_at: new.ends_at,
        place: new.place,
        online_url: new.online_url,
        agenda: new
            .agenda
            .into_iter()
            .map(|title| AgendaItem {
                id: new_id("item"),
                title,
            })
            .collect(),
        state: MeetingState::Scheduled,
        revoke: false,
        revoked_by: None,
        revoked_at: None,
    })?;
    let invite = new
        .invite
        .iter()
        .map(|u| UserId::parse(u.trim()))
        .collect::<Result<Vec<OwnedUserId>, _>>()
        .map_err(|e| MeetingError::Homeserver(matrix_sdk::Error::Identifier(e)))?;

    let mut request = CreateRoom::new();
    request.name = Some(meeting.title.clone());
    request.preset = Some(RoomPreset::PrivateChat);
    request.invite = invite;
    let mut creation = CreationContent::new();
    creation.room_type = Some(RoomType::from(MEETING_TYPE));
    request.creation_content = Some(Raw::new(&creation)?);
    request.initial_state = vec![
        InitialStateEvent::with_empty_state_key(
            RoomEncryptionEventContent::with_recommended_defaults(),
        )
        .to_raw_any(),
        InitialStateEvent::with_empty_state_key(MeetingEventContent { meeting }).to_raw_any(),
    ];
    request.power_level_content_override = Some(Raw::from_json(serde_json::value::to_raw_value(
        &power_levels(),
    )?));
    let room = session.client().create_room(request).await?;
    tracing::info!(room = %room.room_id(), "created a meeting");
    Ok(room.room_id().to_string())
}

/// The meeting room `room_id`, if it is one I am in.
pub(crate) fn meeting_room(session: &Session, room_id: &str) -> Result<Room, MeetingError> {
    let not = || MeetingError::NotAMeeting(room_id.to_owned());
    let id = RoomId::parse(room_id).map_err(|_| not())?;
    session
        .client()
        .get_room(&id)
        .filter(super::list::is_meeting_room)
        .ok_or_else(not)
}

/// Replaces the meeting's details, agenda or state (the organiser's right).
pub async fn update_meeting(
    session: &Session,
    room_id: &str,
    meeting: Meeting,
) -> Result<(), MeetingError> {
    let meeting = validated(meeting)?;
    let room = meeting_room(session, room_id)?;
    super::lifecycle::publish(session, &room, meeting).await
}

/// Moves the presenter's position (the organiser's or a granted presenter's right).
pub async fn set_presenter(
    session: &Session,
    room_id: &str,
    position: PresenterEventContent,
) -> Result<(), MeetingError> {
    let room = meeting_room(session, room_id)?;
    room.send_state_event(position).await?;
    Ok(())
}

/// Presents: moves the presenter's position to my `material` and `page`.
pub async fn present(
    session: &Session,
    room_id: &str,
    material: Option<String>,
    page: u32,
    mode: super::FollowMode,
) -> Result<(), MeetingError> {
    let position = PresenterEventContent {
        presenter: session.user_id().to_owned(),
        material,
        page,
        mode,
    };
    set_presenter(session, room_id, position).await
}

/// Lets `user_id` present, or (`allow` false) no longer: the organiser's
/// right. The homeserver refuses anyone else.
pub async fn grant_presenter(
    session: &Session,
    room_id: &str,
    user_id: &str,
    allow: bool,
) -> Result<(), MeetingError> {
    let room = meeting_room(session, room_id)?;
    let user = UserId::parse(user_id)
        .map_err(|e| MeetingError::Homeserver(matrix_sdk::Error::Identifier(e)))?;
    let level = if allow { PRESENTER_LEVEL } else { 0 };
    room.update_power_levels(vec![(&user, Int::from(level as i32))])
        .await?;
    Ok(())
}
