//! The telework report (テレワーク実施状況): for one month, the days each
//! person worked from home, a satellite office or on the move, and per
//! department the person-days and how many people teleworked — from the
//! status rooms' history, which is the record.
//!
//! A day counts once, in the first of: telework (home, satellite, mobile),
//! office, business trip, leave — by every status the person set that day.

use std::collections::{BTreeMap, HashMap};

use matrix_sdk::RoomMemberships;
use matrix_sdk::room::MessagesOptions;
use serde::Serialize;

use super::effective::day_of;
use super::event::{RawStatusEvent, STATUS_EVENT_TYPE, StatusEventContent};
use super::{StatusError, WorkLocation, room};
use crate::session::Session;

mod csv;
mod month;

pub use csv::to_csv;
pub use month::Month;

/// One person's days in the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonDays {
    pub user_id: String,
    pub name: String,
    pub department: String,
    pub telework_days: u32,
    pub office_days: u32,
    pub business_trip_days: u32,
    pub leave_days: u32,
}

/// One department's month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentDays {
    pub space_id: String,
    pub name: String,
    pub members: u32,
    /// Telework person-days.
    pub telework_days: u32,
    /// People with at least one telework day.
    pub people_teleworking: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeleworkReport {
    /// "YYYY-MM".
    pub month: String,
    pub departments: Vec<DepartmentDays>,
    pub people: Vec<PersonDays>,
    /// Departments with any telework day (テレワークを利用した所属数).
    pub departments_using_telework: u32,
}

/// What the report is computed from, per department.
#[derive(Debug, Clone)]
pub struct DepartmentHistory {
    pub space_id: String,
    pub name: String,
    /// Current members, with names (they appear even with no status).
    pub members: Vec<(String, String)>,
    /// Every status set: who, and the content.
    pub events: Vec<(String, StatusEventContent)>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DayKind {
    Telework,
    Office,
    BusinessTrip,
    Leave,
}

fn kind(location: WorkLocation) -> Option<DayKind> {
    match location {
        WorkLocation::Home | WorkLocation::Satellite | WorkLocation::Mobile => {
            Some(DayKind::Telework)
        }
        WorkLocation::Office => Some(DayKind::Office),
        WorkLocation::BusinessTrip => Some(DayKind::BusinessTrip),
        WorkLocation::Leave => Some(DayKind::Leave),
        WorkLocation::OffDuty => None,
    }
}

/// The report for `month` from `history`; days are local days at `offset_min`.
pub fn compute(month: Month, offset_min: i32, history: &[DepartmentHistory]) -> TeleworkReport {
    let (first, last) = month.days();
    let mut departments = Vec::new();
    let mut people = Vec::new();
    for dept in history {
        // user → day → the strongest kind that day.
        let mut days: HashMap<&str, BTreeMap<i64, DayKind>> = HashMap::new();
        for (user, content) in &dept.events {
            let day = day_of(content.set_at, offset_min);
            let Some(k) = kind(content.status.location) else {
                continue;
            };
            if (first..=last).contains(&day) {
                let slot = days.entry(user).or_default().entry(day).or_insert(k);
                *slot = (*slot).min(k);
            }
        }
        let names: HashMap<&str, &str> = dept
            .members
            .iter()
            .map(|(id, name)| (id.as_str(), name.as_str()))
            .collect();
        let mut users: Vec<&str> = names.keys().copied().chain(days.keys().copied()).collect();
        users.sort_unstable();
        users.dedup();
        let mut rows: Vec<PersonDays> = users
            .iter()
            .map(|user| {
                let count = |k: DayKind| {
                    days.get(user)
                        .map_or(0, |d| d.values().filter(|&&v| v == k).count() as u32)
                };
                PersonDays {
                    user_id: (*user).to_owned(),
                    name: names
                        .get(user)
                        .map_or_else(|| localpart(user), |n| (*n).to_owned()),
                    department: dept.name.clone(),
                    telework_days: count(DayKind::Telework),
                    office_days: count(DayKind::Office),
                    business_trip_days: count(DayKind::BusinessTrip),
                    leave_days: count(DayKind::Leave),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.user_id.cmp(&b.user_id)));
        departments.push(DepartmentDays {
            space_id: dept.space_id.clone(),
            name: dept.name.clone(),
            members: dept.members.len() as u32,
            telework_days: rows.iter().map(|r| r.telework_days).sum(),
            people_teleworking: rows.iter().filter(|r| r.telework_days > 0).count() as u32,
        });
        people.extend(rows);
    }
    TeleworkReport {
        month: month.to_string(),
        departments_using_telework: departments.iter().filter(|d| d.telework_days > 0).count()
            as u32,
        departments,
        people,
    }
}

fn localpart(user_id: &str) -> String {
    user_id
        .trim_start_matches('@')
        .split(':')
        .next()
        .unwrap_or(user_id)
        .to_owned()
}

/// The report for `month` over all my departments, read from the homeserver.
pub async fn telework_report(
    session: &Session,
    month: Month,
    offset_min: i32,
) -> Result<TeleworkReport, StatusError> {
    let mut history = Vec::new();
    for dept in room::departments(session).await? {
        let members = dept
            .space
            .members(RoomMemberships::JOIN)
            .await?
            .iter()
            .map(|m| (m.user_id().to_string(), m.name().to_owned()))
            .collect();
        history.push(DepartmentHistory {
            space_id: dept.space.room_id().to_string(),
            name: dept.space.name().unwrap_or_default(),
            members,
            events: month_events(&dept.status_room, month, offset_min).await?,
        });
    }
    Ok(compute(month, offset_min, &history))
}

/// Every status event set in `month` (by its `set_at`), newest first, paging
/// back through the room until the server's times are well before the month.
async fn month_events(
    status_room: &matrix_sdk::Room,
    month: Month,
    offset_min: i32,
) -> Result<Vec<(String, StatusEventContent)>, StatusError> {
    const MARGIN_MS: i64 = 2 * 86_400_000;
    let (first, _) = month.days();
    let start_ms = first * 86_400_000 - i64::from(offset_min) * 60_000;
    let mut events = Vec::new();
    let mut from = None;
    loop {
        let mut options = MessagesOptions::backward().from(from.as_deref());
        options.limit = 500u32.into();
        options.filter.types = Some(vec![STATUS_EVENT_TYPE.to_owned()]);
        let page = status_room.messages(options).await?;
        let mut older_than_month = false;
        for event in &page.chunk {
            let Some(e) = RawStatusEvent::parse(event.raw().json().get()) else {
                continue;
            };
            older_than_month |= e.origin_server_ts < start_ms - MARGIN_MS;
            events.push((e.sender.to_string(), e.content));
        }
        match page.end {
            Some(end) if !older_than_month && !page.chunk.is_empty() => from = Some(end),
            _ => break,
        }
    }
    Ok(events)
}

#[cfg(test)]
mod tests;
