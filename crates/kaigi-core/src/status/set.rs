//! Setting my status: in every department's status room, in the local
//! history, and mirrored to presence.

use super::effective::{Effective, effective};
use super::event::{AutoReason, StatusEventContent};
use super::{StatusError, WorkStatus, mirror, room};
use crate::session::Session;
use crate::store::status_history::StatusRecord;

/// Sets my status at `now_ms` (`auto` says why when Kaigi did it by itself).
/// It goes to the status room of each of my departments; the presence mirror
/// is best effort, so a homeserver with presence off does not stop it.
pub async fn set_my_status(
    session: &Session,
    status: WorkStatus,
    now_ms: i64,
    auto: Option<AutoReason>,
) -> Result<WorkStatus, StatusError> {
    let status = status.normalized()?;
    if status.until.is_some_and(|until| until <= now_ms) {
        return Err(StatusError::UntilInThePast);
    }
    let departments = room::departments(session).await?;
    if departments.is_empty() {
        return Err(StatusError::NoDepartment);
    }
    let content = StatusEventContent {
        status: status.clone(),
        set_at: now_ms,
        auto,
    };
    for department in &departments {
        department
            .status_room
            .send_state_event_for_key(session.user_id(), content.clone())
            .await?;
    }
    session.profile().store().insert_status(&StatusRecord {
        user_id: session.user_id().to_string(),
        status: status.clone(),
        set_at_ms: now_ms,
        auto,
    })?;
    if let Err(e) = mirror::to_presence(session, &status).await {
        tracing::warn!(error = %e, "could not mirror the work status to presence");
    }
    Ok(status)
}

/// My latest status as I last set it on this device, with when.
pub fn my_status(session: &Session) -> Result<Option<StatusRecord>, StatusError> {
    Ok(session
        .profile()
        .store()
        .latest_status(session.user_id().as_str())?)
}

/// What my latest status means at `now` (local day by `offset_min`): as the
/// board shows me. `None` when nothing is set for today (nor planned yesterday).
pub fn my_status_now(
    session: &Session,
    now_ms: i64,
    offset_min: i32,
) -> Result<Option<Effective>, StatusError> {
    Ok(my_status(session)?.and_then(|record| {
        let content = StatusEventContent {
            status: record.status,
            set_at: record.set_at_ms,
            auto: record.auto,
        };
        effective(&content, now_ms, offset_min)
    }))
}
