//! Changes Kaigi makes to my status by itself:
//! - "in a meeting" while I attend or present a Kaigi meeting, and what I had
//!   chosen before restored afterwards;
//! - "away" after a configurable idle time while I was available, and back
//!   on activity;
//! - an expired `until`: the availability returns to available, the note goes.
//!
//! [`decide`] is pure (time and activity are passed in); [`tick`] applies it.

use super::effective::{day_of, effective};
use super::event::{AutoReason, StatusEventContent};
use super::{Availability, StatusError, WorkStatus, set};
use crate::session::Session;
use crate::store::status_history::StatusRecord;

/// What is going on around me now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    pub now_ms: i64,
    /// Local offset from UTC, minutes.
    pub offset_min: i32,
    /// Whether I attend or present a meeting now.
    pub in_meeting: bool,
    /// How long since my last activity in Kaigi.
    pub idle_ms: i64,
    /// After how long idle I am shown away; `None` switches that off.
    pub away_after_ms: Option<i64>,
}

/// The status Kaigi should set now, and why; `None` leaves it as it is.
pub fn decide(
    current: Option<&StatusRecord>,
    manual: Option<&StatusRecord>,
    situation: &Situation,
) -> Option<(WorkStatus, AutoReason)> {
    let current = current?;
    let now = situation.now_ms;
    let today = day_of(now, situation.offset_min);
    if day_of(current.set_at_ms, situation.offset_min) != today {
        // Yesterday's status has already ended everywhere (see `effective`).
        return None;
    }
    let shown = effective(&content(current), now, situation.offset_min)?.status;
    let idle = situation
        .away_after_ms
        .is_some_and(|after| situation.idle_ms >= after);

    if situation.in_meeting {
        return (shown.availability != Availability::InMeeting).then(|| {
            let status = WorkStatus {
                availability: Availability::InMeeting,
                until: None,
                ..shown
            };
            (status, AutoReason::Meeting)
        });
    }
    let ended = match current.auto {
        Some(AutoReason::Meeting) => true,
        Some(AutoReason::Idle) => !idle,
        _ => false,
    };
    if ended {
        let restored = restore(manual, &shown, situation);
        // Back from a meeting straight into idleness: away, not available.
        if idle && restored.availability == Availability::Available {
            return Some((away(restored), AutoReason::Idle));
        }
        return Some((restored, AutoReason::Restored));
    }
    if idle
        && shown.availability == Availability::Available
        && current.auto != Some(AutoReason::Idle)
    {
        return Some((away(shown), AutoReason::Idle));
    }
    if current.status.until.is_some_and(|until| until <= now) {
        return Some((shown, AutoReason::Expired));
    }
    None
}

fn away(status: WorkStatus) -> WorkStatus {
    WorkStatus {
        availability: Availability::Away,
        until: None,
        ..status
    }
}

/// What I chose before Kaigi stepped in, as it stands now; if I chose nothing
/// today, where I am now, available.
fn restore(manual: Option<&StatusRecord>, shown: &WorkStatus, situation: &Situation) -> WorkStatus {
    manual
        .filter(|m| {
            day_of(m.set_at_ms, situation.offset_min)
                == day_of(situation.now_ms, situation.offset_min)
        })
        .and_then(|m| effective(&content(m), situation.now_ms, situation.offset_min))
        .map(|e| e.status)
        .unwrap_or_else(|| WorkStatus {
            availability: Availability::Available,
            note: None,
            until: None,
            ..shown.clone()
        })
}

fn content(record: &StatusRecord) -> StatusEventContent {
    StatusEventContent {
        status: record.status.clone(),
        set_at: record.set_at_ms,
        auto: record.auto,
    }
}

/// Looks at my status and applies what [`decide`] says. Returns the new
/// status when it changed.
pub async fn tick(
    session: &Session,
    situation: Situation,
) -> Result<Option<WorkStatus>, StatusError> {
    let store = session.profile().store();
    let me = session.user_id().as_str();
    let current = store.latest_status(me)?;
    let manual = store.latest_manual_status(me)?;
    let Some((status, reason)) = decide(current.as_ref(), manual.as_ref(), &situation) else {
        return Ok(None);
    };
    let status = set::set_my_status(session, status, situation.now_ms, Some(reason)).await?;
    Ok(Some(status))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::WorkLocation;

    const JST: i32 = 9 * 60;
    /// 2026-11-02 09:00 JST.
    const MORNING: i64 = 1_793_577_600_000;
    const MINUTE: i64 = 60_000;

    fn record(status: WorkStatus, at: i64, auto: Option<AutoReason>) -> StatusRecord {
        StatusRecord {
            user_id: "@me:x".into(),
            status,
            set_at_ms: at,
            auto,
        }
    }

    fn at(now: i64) -> Situation {
        Situation {
            now_ms: now,
            offset_min: JST,
            in_meeting: false,
            idle_ms: 0,
            away_after_ms: Some(10 * MINUTE),
        }
    }

    fn home(availability: Availability) -> WorkStatus {
        WorkStatus::at(WorkLocation::Home, availability)
    }

    #[test]
    fn a_meeting_sets_in_meeting_and_its_end_restores_my_choice() {
        let chosen = record(
            WorkStatus {
                note: Some("資料作成中".into()),
                ..home(Availability::Busy)
            },
            MORNING,
            None,
        );
        let mut now = at(MORNING + 30 * MINUTE);
        now.in_meeting = true;
        let (status, why) = decide(Some(&chosen), Some(&chosen), &now).unwrap();
        assert_eq!(
            (status.availability, why),
            (Availability::InMeeting, AutoReason::Meeting)
        );
        assert_eq!(status.location, WorkLocation::Home);

        let meeting = record(status, now.now_ms, Some(why));
        // Still in the meeting: nothing to do.
        assert_eq!(decide(Some(&meeting), Some(&chosen), &now), None);
        now.in_meeting = false;
        let (restored, why) = decide(Some(&meeting), Some(&chosen), &now).unwrap();
        assert_eq!(why, AutoReason::Restored);
        assert_eq!(restored, chosen.status);
    }

    #[test]
    fn idleness_shows_away_only_when_available_and_activity_brings_me_back() {
        let chosen = record(home(Availability::Available), MORNING, None);
        let mut now = at(MORNING + 30 * MINUTE);
        now.idle_ms = 9 * MINUTE;
        assert_eq!(decide(Some(&chosen), Some(&chosen), &now), None);
        now.idle_ms = 10 * MINUTE;
        let (away, why) = decide(Some(&chosen), Some(&chosen), &now).unwrap();
        assert_eq!(
            (away.availability, why),
            (Availability::Away, AutoReason::Idle)
        );

        let idle = record(away, now.now_ms, Some(why));
        assert_eq!(decide(Some(&idle), Some(&chosen), &now), None);
        now.idle_ms = 0;
        let (back, why) = decide(Some(&idle), Some(&chosen), &now).unwrap();
        assert_eq!((back, why), (chosen.status.clone(), AutoReason::Restored));

        let busy = record(home(Availability::Busy), MORNING, None);
        now.idle_ms = 60 * MINUTE;
        assert_eq!(decide(Some(&busy), Some(&busy), &now), None);
        now.away_after_ms = None;
        assert_eq!(decide(Some(&chosen), Some(&chosen), &now), None);
    }

    #[test]
    fn an_expired_until_clears_itself_once() {
        let chosen = record(
            WorkStatus {
                note: Some("来客対応".into()),
                until: Some(MORNING + 60 * MINUTE),
                ..home(Availability::Busy)
            },
            MORNING,
            None,
        );
        assert_eq!(
            decide(Some(&chosen), Some(&chosen), &at(MORNING + 59 * MINUTE)),
            None
        );
        let (cleared, why) =
            decide(Some(&chosen), Some(&chosen), &at(MORNING + 60 * MINUTE)).unwrap();
        assert_eq!(why, AutoReason::Expired);
        assert_eq!(cleared, home(Availability::Available));
        let after = record(cleared, MORNING + 60 * MINUTE, Some(why));
        assert_eq!(
            decide(Some(&after), Some(&chosen), &at(MORNING + 61 * MINUTE)),
            None
        );
    }

    #[test]
    fn yesterdays_status_is_left_alone_and_nothing_set_is_nothing_to_do() {
        let yesterday = record(
            home(Availability::Available),
            MORNING - 24 * 60 * MINUTE,
            None,
        );
        let mut now = at(MORNING);
        now.in_meeting = true;
        assert_eq!(decide(Some(&yesterday), Some(&yesterday), &now), None);
        assert_eq!(decide(None, None, &now), None);
    }
}
