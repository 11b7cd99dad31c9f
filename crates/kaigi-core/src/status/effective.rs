//! What a status means at a given moment, computed the same way on every
//! client so the board agrees even when the owner is offline:
//! - a status belongs to the day (local time) it was set on;
//! - once its `until` passes, the availability is back to available and the
//!   note goes;
//! - the day after, the plan for tomorrow (if any) shows as planned.
//!
//! Time is always passed in (milliseconds since the epoch, and the local
//! offset from UTC in minutes), never read from the clock here.

use serde::Serialize;

use super::event::StatusEventContent;
use super::{Availability, WorkStatus};

const DAY_MS: i64 = 86_400_000;

/// The local day number of `ms` (days since 1970-01-01 in local time).
pub fn day_of(ms: i64, offset_min: i32) -> i64 {
    (ms + i64::from(offset_min) * 60_000).div_euclid(DAY_MS)
}

/// A status as it stands now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Effective {
    pub status: WorkStatus,
    /// Shown from yesterday's plan: the person has not set today's status yet.
    pub planned: bool,
}

/// `content` as it stands at `now`, or `None` when it says nothing about today.
pub fn effective(content: &StatusEventContent, now: i64, offset_min: i32) -> Option<Effective> {
    let set_day = day_of(content.set_at, offset_min);
    let today = day_of(now, offset_min);
    if set_day == today {
        let mut status = content.status.clone();
        if status.until.is_some_and(|until| until <= now) {
            status.availability = Availability::Available;
            status.note = None;
            status.until = None;
        }
        return Some(Effective {
            status,
            planned: false,
        });
    }
    if set_day + 1 == today {
        let plan = content.status.tomorrow.as_ref()?;
        return Some(Effective {
            status: WorkStatus {
                note: plan.note.clone(),
                ..WorkStatus::at(plan.location, Availability::Offline)
            },
            planned: true,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::{Plan, WorkLocation};

    const JST: i32 = 9 * 60;
    /// 2026-11-02 09:00 JST.
    const MORNING: i64 = 1_793_577_600_000;
    const HOUR: i64 = 3_600_000;

    fn content(set_at: i64) -> StatusEventContent {
        StatusEventContent {
            status: WorkStatus {
                note: Some("午前は打合せ".into()),
                until: Some(set_at + 3 * HOUR),
                tomorrow: Some(Plan {
                    location: WorkLocation::BusinessTrip,
                    note: Some("大阪".into()),
                }),
                ..WorkStatus::at(WorkLocation::Home, Availability::Busy)
            },
            set_at,
            auto: None,
        }
    }

    #[test]
    fn days_follow_local_time() {
        // 23:30 and 00:30 JST fall on different days, though both are the same UTC day.
        let late = MORNING + 14 * HOUR + HOUR / 2;
        assert_eq!(day_of(late, JST), day_of(MORNING, JST));
        assert_eq!(day_of(late + HOUR, JST), day_of(MORNING, JST) + 1);
        assert_eq!(day_of(late + HOUR, 0), day_of(late, 0));
    }

    #[test]
    fn until_clears_the_availability_and_note_only() {
        let c = content(MORNING);
        let before = effective(&c, MORNING + 2 * HOUR, JST).unwrap();
        assert_eq!(before.status.availability, Availability::Busy);
        assert_eq!(before.status.note.as_deref(), Some("午前は打合せ"));
        let after = effective(&c, MORNING + 3 * HOUR, JST).unwrap();
        assert_eq!(after.status.availability, Availability::Available);
        assert_eq!(after.status.note, None);
        assert_eq!(after.status.location, WorkLocation::Home);
        assert!(!after.planned);
    }

    #[test]
    fn the_next_day_shows_the_plan_and_the_day_after_nothing() {
        let c = content(MORNING);
        let tomorrow = effective(&c, MORNING + 24 * HOUR, JST).unwrap();
        assert!(tomorrow.planned);
        assert_eq!(tomorrow.status.location, WorkLocation::BusinessTrip);
        assert_eq!(tomorrow.status.note.as_deref(), Some("大阪"));
        assert_eq!(effective(&c, MORNING + 48 * HOUR, JST), None);
        let mut no_plan = c.clone();
        no_plan.status.tomorrow = None;
        assert_eq!(effective(&no_plan, MORNING + 24 * HOUR, JST), None);
    }
}
