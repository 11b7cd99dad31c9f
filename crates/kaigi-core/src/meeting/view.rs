//! The meeting screen: everything it shows when opened (from this device,
//! so it opens offline), and the changes that follow while it is open.

use std::sync::Arc;

use matrix_sdk::RoomMemberships;
use matrix_sdk::ruma::events::StateEventType;
use serde::Serialize;

use super::MeetingError;
use super::create::meeting_room;
use super::event::{
    MEETING_TYPE, Meeting, PRESENTER_TYPE, PresenterEventContent, PresenterPosition,
};
use super::local::MeetingUpdate;
use super::material::Material;
use crate::TaskHandle;
use crate::session::{RoomInterest, Session};

/// A participant, for the receipts.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    pub user_id: String,
    pub name: String,
    /// Invited, not yet joined.
    pub invited: bool,
    /// May present (the organiser, or granted by them).
    pub presenter: bool,
    /// May change the meeting (and grant the presenter's role).
    pub organiser: bool,
}

/// What the meeting screen shows when opened.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MeetingView {
    pub room_id: String,
    pub meeting: Option<Meeting>,
    pub presenter: Option<PresenterPosition>,
    pub materials: Vec<Material>,
    /// Votes started by an organiser, with their tallies.
    pub votes: Vec<super::vote::Vote>,
    pub participants: Vec<Participant>,
    /// May edit the meeting, attach materials, close and revoke.
    pub can_organise: bool,
    /// May move the presenter's position.
    pub can_present: bool,
    pub me: String,
}

/// The meeting as this device has it now.
pub async fn meeting_view(session: &Session, room_id: &str) -> Result<MeetingView, MeetingError> {
    let room = meeting_room(session, room_id)?;
    let local = session.meetings();
    let meeting = match super::list::current_details(session, &room).await {
        Ok(meeting) => meeting,
        Err(e) => {
            tracing::warn!(room = room_id, error = %e, "meeting details not read");
            None
        }
    };
    let presenter = match local.presenter(room_id)? {
        Some(p) => Some(p),
        // Joined after the position was set: the sync does not bring it, so
        // the homeserver is asked, once a run; every update reads the view.
        None if !local.presenter_asked(room_id) => {
            match super::list::server_state::<PresenterEventContent>(&room, PRESENTER_TYPE).await {
                Ok(found) => {
                    local.presenter_answered(room_id, found.as_ref())?;
                    found
                }
                Err(e) => {
                    tracing::warn!(room = room_id, error = %e, "presenter not read");
                    None
                }
            }
        }
        None => None,
    };
    let me = session.user_id();
    let levels = room.power_levels().await.ok();
    let organises = |user: &matrix_sdk::ruma::UserId| {
        levels
            .as_ref()
            .is_some_and(|l| l.user_can_send_state(user, StateEventType::from(MEETING_TYPE)))
    };
    let can_organise = organises(me);
    let presents = |user: &matrix_sdk::ruma::UserId| {
        levels
            .as_ref()
            .is_some_and(|l| l.user_can_send_state(user, StateEventType::from(PRESENTER_TYPE)))
    };
    let can_present = presents(me);
    let votes = local
        .votes(room_id, me.as_str())?
        .into_iter()
        .filter(|v| matrix_sdk::ruma::UserId::parse(&v.started_by).is_ok_and(|u| organises(&u)))
        .collect();
    let mut participants: Vec<Participant> = room
        .members_no_sync(RoomMemberships::ACTIVE)
        .await?
        .into_iter()
        .map(|m| Participant {
            user_id: m.user_id().to_string(),
            name: m.name().to_owned(),
            invited: m.membership()
                == &matrix_sdk::ruma::events::room::member::MembershipState::Invite,
            presenter: presents(m.user_id()),
            organiser: organises(m.user_id()),
        })
        .collect();
    participants.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(MeetingView {
        room_id: room_id.to_owned(),
        meeting,
        presenter: presenter.map(Into::into),
        materials: local.materials(room_id)?,
        votes,
        participants,
        can_organise,
        can_present,
        me: me.to_string(),
    })
}

/// Delivers the open meeting's changes until dropped; the room is kept
/// fully synced meanwhile, so the presenter's moves arrive at once.
pub struct MeetingWatch {
    _interest: RoomInterest,
    _forward: TaskHandle,
}

impl MeetingWatch {
    pub async fn start(
        session: &Session,
        room_id: &str,
        on_update: impl Fn(MeetingUpdate) + Send + Sync + 'static,
    ) -> Result<Self, MeetingError> {
        let room = meeting_room(session, room_id)?;
        let mut updates = session.meetings().subscribe();
        let interest = session.keep_synced(room.room_id()).await;
        let on_update = Arc::new(on_update);
        let room_id = room_id.to_owned();
        let forward = TaskHandle::spawn(async move {
            loop {
                match updates.recv().await {
                    Ok(update) if update.room_id() == room_id => on_update(update),
                    Ok(_) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                        tracing::warn!(missed = n, "meeting updates lagged; reloading");
                        on_update(MeetingUpdate::Details {
                            room_id: room_id.clone(),
                        });
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                }
            }
        });
        Ok(Self {
            _interest: interest,
            _forward: forward,
        })
    }
}
