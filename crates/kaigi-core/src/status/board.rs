//! The roster board (在席表): every member of each of my departments with
//! their status as it stands now, and live updates as statuses change.

use std::collections::HashMap;

use matrix_sdk::event_handler::EventHandlerDropGuard;
use matrix_sdk::ruma::OwnedUserId;
use matrix_sdk::ruma::api::client::state::get_state_events;
use matrix_sdk::ruma::events::SyncStateEvent;
use matrix_sdk::{Room, RoomMemberships};
use serde::Serialize;

use super::StatusError;
use super::effective::{Effective, effective};
use super::event::{RawStatusEvent, StatusEventContent};
use super::room::{self, Department};
use crate::session::Session;

/// One person on the board.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BoardMember {
    pub user_id: String,
    /// Display name, or the user id's local part; plain text.
    pub name: String,
    /// `None`: nothing set for today.
    pub status: Option<Effective>,
    /// When the status shown was set (ms since the epoch).
    pub set_at: Option<f64>,
}

/// One department (space) and its members, sorted by name.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BoardDepartment {
    pub space_id: String,
    pub name: String,
    pub status_room_id: String,
    pub members: Vec<BoardMember>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Board {
    pub departments: Vec<BoardDepartment>,
}

/// The board at `now_ms`: status rooms are joined or created as needed.
pub async fn board(session: &Session, now_ms: i64, offset_min: i32) -> Result<Board, StatusError> {
    let departments = room::departments(session).await?;
    let mut out = Vec::with_capacity(departments.len());
    for department in &departments {
        out.push(department_board(department, now_ms, offset_min).await?);
    }
    Ok(Board { departments: out })
}

async fn department_board(
    department: &Department,
    now_ms: i64,
    offset_min: i32,
) -> Result<BoardDepartment, StatusError> {
    let statuses = statuses(&department.status_room).await?;
    let members = department.space.members(RoomMemberships::JOIN).await?;
    let mut rows: Vec<BoardMember> = members
        .iter()
        .map(|m| {
            let content = statuses.get(m.user_id());
            BoardMember {
                user_id: m.user_id().to_string(),
                name: m.name().to_owned(),
                status: content.and_then(|c| effective(c, now_ms, offset_min)),
                set_at: content.map(|c| c.set_at as f64),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.user_id.cmp(&b.user_id)));
    Ok(BoardDepartment {
        space_id: department.space.room_id().to_string(),
        name: department
            .space
            .name()
            .unwrap_or_else(|| department.space.room_id().to_string()),
        status_room_id: department.status_room.room_id().to_string(),
        members: rows,
    })
}

/// Everyone's latest status in `status_room`, by user, from the homeserver:
/// the sync keeps only the state it needs for the room list, not these.
pub async fn statuses(
    status_room: &Room,
) -> Result<HashMap<OwnedUserId, StatusEventContent>, StatusError> {
    let request = get_state_events::v3::Request::new(status_room.room_id().to_owned());
    let response = status_room.client().send(request).await?;
    Ok(response
        .room_state
        .iter()
        .filter_map(|raw| RawStatusEvent::parse(raw.json().get()))
        .map(|e| (e.sender, e.content))
        .collect())
}

/// A status that changed on the board.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BoardUpdate {
    pub status_room_id: String,
    pub member: BoardMember,
}

/// Calls `on_update` for every status change that arrives by sync, until dropped.
pub struct BoardWatch {
    _guard: EventHandlerDropGuard,
}

impl BoardWatch {
    /// `clock` gives the current time and local offset when an update arrives.
    pub fn start(
        session: &Session,
        clock: impl Fn() -> (i64, i32) + Send + Sync + 'static,
        on_update: impl Fn(BoardUpdate) + Send + Sync + 'static,
    ) -> Self {
        let on_update = std::sync::Arc::new(on_update);
        let clock = std::sync::Arc::new(clock);
        let handle = session.client().add_event_handler(
            move |event: SyncStateEvent<StatusEventContent>, room: Room| {
                let on_update = on_update.clone();
                let clock = clock.clone();
                async move {
                    let SyncStateEvent::Original(event) = event else {
                        return;
                    };
                    if event.state_key != event.sender || !room::is_status_room(&room) {
                        return;
                    }
                    let name = match room.get_member_no_sync(&event.sender).await {
                        Ok(Some(m)) => m.name().to_owned(),
                        _ => event.sender.localpart().to_owned(),
                    };
                    let (now, offset) = clock();
                    on_update(BoardUpdate {
                        status_room_id: room.room_id().to_string(),
                        member: BoardMember {
                            user_id: event.sender.to_string(),
                            name,
                            status: effective(&event.content, now, offset),
                            set_at: Some(event.content.set_at as f64),
                        },
                    });
                }
            },
        );
        Self {
            _guard: session.client().event_handler_drop_guard(handle),
        }
    }
}
