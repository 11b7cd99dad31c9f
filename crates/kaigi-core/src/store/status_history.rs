//! The `status_history` table: every status I set, with when.

use rusqlite::{OptionalExtension, params};

use super::{LocalStore, StoreError};
use crate::status::event::AutoReason;
use crate::status::{Availability, WorkLocation, WorkStatus};

/// One row of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRecord {
    pub user_id: String,
    pub status: WorkStatus,
    pub set_at_ms: i64,
    /// Why Kaigi set it by itself; `None` when the person chose it.
    pub auto: Option<AutoReason>,
}

impl LocalStore {
    pub fn insert_status(&self, record: &StatusRecord) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO status_history
               (user_id, location, availability, note, set_at_ms, status_json, auto)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                record.user_id,
                record.status.location.as_str(),
                record.status.availability.as_str(),
                record.status.note,
                record.set_at_ms,
                serde_json::to_string(&record.status).ok(),
                record.auto.and_then(|a| serde_json::to_string(&a).ok()),
            ],
        )?;
        Ok(())
    }

    /// The most recent status of `user_id`, if any was ever set.
    pub fn latest_status(&self, user_id: &str) -> Result<Option<StatusRecord>, StoreError> {
        self.latest_where(user_id, "")
    }

    /// The most recent status `user_id` chose (not one Kaigi set by itself).
    pub fn latest_manual_status(&self, user_id: &str) -> Result<Option<StatusRecord>, StoreError> {
        self.latest_where(user_id, "AND auto IS NULL")
    }

    fn latest_where(&self, user_id: &str, extra: &str) -> Result<Option<StatusRecord>, StoreError> {
        let conn = self.conn()?;
        let sql = format!(
            "SELECT location, availability, note, set_at_ms, status_json, auto FROM status_history
             WHERE user_id = ?1 {extra} ORDER BY set_at_ms DESC, id DESC LIMIT 1"
        );
        let row = conn
            .query_row(&sql, params![user_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, Option<String>>(5)?,
                ))
            })
            .optional()?;
        Ok(
            row.and_then(|(location, availability, note, set_at_ms, json, auto)| {
                // Rows from before the JSON column hold location, availability and note only.
                let status = json
                    .and_then(|j| serde_json::from_str(&j).ok())
                    .or_else(|| {
                        Some(WorkStatus {
                            note,
                            ..WorkStatus::at(
                                WorkLocation::parse(&location)?,
                                Availability::parse(&availability)?,
                            )
                        })
                    })?;
                Some(StatusRecord {
                    user_id: user_id.to_owned(),
                    status,
                    set_at_ms,
                    auto: auto.and_then(|a| serde_json::from_str(&a).ok()),
                })
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(location: WorkLocation, at: i64) -> StatusRecord {
        StatusRecord {
            user_id: "@a:example.org".into(),
            status: WorkStatus::at(location, Availability::Available),
            set_at_ms: at,
            auto: None,
        }
    }

    #[test]
    fn the_whole_status_and_its_reason_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(&dir.path().join("kaigi.sqlite")).unwrap();
        let mut chosen = record(WorkLocation::Home, 1);
        chosen.status.until = Some(99);
        chosen.status.tomorrow = Some(crate::status::Plan {
            location: WorkLocation::Office,
            note: Some("朝から".into()),
        });
        store.insert_status(&chosen).unwrap();
        let mut meeting = record(WorkLocation::Home, 2);
        meeting.status.availability = Availability::InMeeting;
        meeting.auto = Some(AutoReason::Meeting);
        store.insert_status(&meeting).unwrap();
        assert_eq!(
            store.latest_status("@a:example.org").unwrap(),
            Some(meeting)
        );
        assert_eq!(
            store.latest_manual_status("@a:example.org").unwrap(),
            Some(chosen)
        );
    }

    #[test]
    fn latest_status_is_the_newest_row_for_that_user() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(&dir.path().join("kaigi.sqlite")).unwrap();
        assert_eq!(store.latest_status("@a:example.org").unwrap(), None);
        store
            .insert_status(&record(WorkLocation::Office, 1))
            .unwrap();
        store.insert_status(&record(WorkLocation::Home, 3)).unwrap();
        store
            .insert_status(&record(WorkLocation::BusinessTrip, 2))
            .unwrap();
        let latest = store.latest_status("@a:example.org").unwrap().unwrap();
        assert_eq!(latest.status.location, WorkLocation::Home);
        assert_eq!(store.latest_status("@b:example.org").unwrap(), None);
    }

    #[test]
    fn history_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kaigi.sqlite");
        LocalStore::open(&path)
            .unwrap()
            .insert_status(&record(WorkLocation::Leave, 5))
            .unwrap();
        let reopened = LocalStore::open(&path).unwrap();
        let latest = reopened.latest_status("@a:example.org").unwrap().unwrap();
        assert_eq!(latest.status.location, WorkLocation::Leave);
    }
}
