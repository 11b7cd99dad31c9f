//! The meeting list: today's, upcoming and past meetings, from the meeting
//! rooms I am in or invited to.

use matrix_sdk::Room;
use matrix_sdk::ruma::api::client::state::get_state_event_for_key;
use matrix_sdk::ruma::api::error::ErrorKind;
use matrix_sdk::ruma::events::StateEventType;
use serde::Serialize;

use super::MeetingError;
use super::event::{MEETING_TYPE, Meeting, MeetingEventContent, MeetingState};
use crate::session::Session;
use crate::status::effective::day_of;

/// Whether `room` is a meeting.
pub fn is_meeting_room(room: &Room) -> bool {
    room.room_type()
        .is_some_and(|t| t.to_string() == MEETING_TYPE)
}

/// Where a meeting falls in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum When {
    Today,
    Upcoming,
    Past,
}

/// Where `meeting` falls at `now`, local days by `offset_min`: closed meetings
/// are past; one running now or starting today is today's.
pub fn when(meeting: &Meeting, now: i64, offset_min: i32) -> When {
    let running = meeting.starts_at <= now && now <= meeting.ends_at;
    if meeting.state == MeetingState::Closed {
        When::Past
    } else if running || day_of(meeting.starts_at, offset_min) == day_of(now, offset_min) {
        When::Today
    } else if meeting.starts_at > now {
        When::Upcoming
    } else {
        When::Past
    }
}

/// One row of the meeting list.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MeetingSummary {
    pub room_id: String,
    /// The room's name; for an invitation, the only detail visible yet.
    pub title: String,
    /// `None` for an invitation not yet accepted.
    pub meeting: Option<Meeting>,
    pub invited: bool,
    pub when: When,
}

/// A state event's content (empty state key) as the homeserver holds it now;
/// `None` if the room has none. (The sliding sync asks only for the state the
/// room list needs, so Kaigi's own state is read from the server.)
pub async fn server_state<T: serde::de::DeserializeOwned>(
    room: &Room,
    event_type: &str,
) -> Result<Option<T>, MeetingError> {
    let request = get_state_event_for_key::v3::Request::new(
        room.room_id().to_owned(),
        StateEventType::from(event_type),
        String::new(),
    );
    match room.client().send(request).await {
        Ok(response) => Ok(Some(serde_json::from_str(response.event_or_content.get())?)),
        Err(e) if e.client_api_error_kind() == Some(&ErrorKind::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The meeting's details as the homeserver holds them.
pub async fn details(room: &Room) -> Result<Option<Meeting>, MeetingError> {
    Ok(server_state::<MeetingEventContent>(room, MEETING_TYPE)
        .await?
        .map(|c| c.meeting))
}

/// The meeting's details as this device keeps them (the sync keeps them up
/// to date); read from the homeserver only before this device has them.
pub async fn current_details(
    session: &Session,
    room: &Room,
) -> Result<Option<Meeting>, MeetingError> {
    let local = session.meetings();
    let room_id = room.room_id().as_str();
    if let Some(meeting) = local.details(room_id)? {
        return Ok(Some(meeting));
    }
    let meeting = details(room).await?;
    if let Some(meeting) = &meeting {
        local.put_details(room_id, meeting, 0)?;
    }
    Ok(meeting)
}

/// The details of the meeting in room `room_id` (see [`current_details`]).
pub async fn meeting_details(
    session: &Session,
    room_id: &str,
) -> Result<Option<Meeting>, MeetingError> {
    // Not filtered by room type: right after creating a meeting, its room
    // is here before the sync brings its type.
    let room = matrix_sdk::ruma::RoomId::parse(room_id)
        .ok()
        .and_then(|id| session.client().get_room(&id))
        .ok_or_else(|| MeetingError::NotAMeeting(room_id.to_owned()))?;
    current_details(session, &room).await
}

/// Every meeting I am in or invited to: today's first, then upcoming (soonest
/// first), then past (latest first).
pub async fn meetings(
    session: &Session,
    now: i64,
    offset_min: i32,
) -> Result<Vec<MeetingSummary>, MeetingError> {
    let client = session.client();
    let mut out = Vec::new();
    for room in client.joined_rooms().into_iter().filter(is_meeting_room) {
        let meeting = match current_details(session, &room).await {
            Ok(meeting) => meeting,
            Err(e) => {
                tracing::warn!(room = %room.room_id(), error = %e, "meeting details not read");
                None
            }
        };
        let title = meeting
            .as_ref()
            .map(|m| m.title.clone())
            .or_else(|| room.name())
            .unwrap_or_default();
        out.push(MeetingSummary {
            room_id: room.room_id().to_string(),
            title,
            when: meeting
                .as_ref()
                .map_or(When::Upcoming, |m| when(m, now, offset_min)),
            meeting,
            invited: false,
        });
    }
    for room in client.invited_rooms().into_iter().filter(is_meeting_room) {
        out.push(MeetingSummary {
            room_id: room.room_id().to_string(),
            title: room.name().unwrap_or_default(),
            meeting: None,
            invited: true,
            when: When::Upcoming,
        });
    }
    out.sort_by_key(|m| {
        let start = m.meeting.as_ref().map_or(i64::MAX, |d| d.starts_at);
        (m.when, if m.when == When::Past { -start } else { start })
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JST: i32 = 9 * 60;
    /// 2026-11-02 09:00 JST.
    const MORNING: i64 = 1_793_577_600_000;
    const HOUR: i64 = 3_600_000;

    fn at(starts_at: i64, hours: i64, state: MeetingState) -> Meeting {
        Meeting {
            title: "会議".into(),
            starts_at,
            ends_at: starts_at + hours * HOUR,
            place: None,
            online_url: None,
            agenda: vec![],
            state,
            revoke: false,
            revoked_by: None,
            revoked_at: None,
        }
    }

    #[test]
    fn meetings_fall_into_today_upcoming_and_past() {
        let scheduled = MeetingState::Scheduled;
        // Later today, earlier today (over), and running across midnight.
        assert_eq!(
            when(&at(MORNING + 5 * HOUR, 1, scheduled), MORNING, JST),
            When::Today
        );
        assert_eq!(
            when(&at(MORNING - HOUR, 1, scheduled), MORNING + 4 * HOUR, JST),
            When::Today
        );
        assert_eq!(
            when(&at(MORNING - 12 * HOUR, 14, scheduled), MORNING, JST),
            When::Today
        );
        // Tomorrow morning in JST, though the same UTC day.
        assert_eq!(
            when(&at(MORNING + 16 * HOUR, 1, scheduled), MORNING, JST),
            When::Upcoming
        );
        assert_eq!(
            when(&at(MORNING - 24 * HOUR, 1, scheduled), MORNING, JST),
            When::Past
        );
        // Closed is past even before its planned end.
        assert_eq!(
            when(&at(MORNING, 2, MeetingState::Closed), MORNING + HOUR, JST),
            When::Past
        );
    }
}
