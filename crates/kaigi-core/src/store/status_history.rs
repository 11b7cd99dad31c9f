//! The `status_history` table: every status I set, with when.

use rusqlite::{OptionalExtension, params};

use super::{LocalStore, StoreError};
use crate::status::{Availability, WorkLocation, WorkStatus};

/// One row of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRecord {
    pub user_id: String,
    pub status: WorkStatus,
    pub set_at_ms: i64,
}

impl LocalStore {
    pub fn insert_status(&self, record: &StatusRecord) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO status_history (user_id, location, availability, note, set_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                record.user_id,
                record.status.location.as_str(),
                record.status.availability.as_str(),
                record.status.note,
                record.set_at_ms
            ],
        )?;
        Ok(())
    }

    /// The most recent status of `user_id`, if any was ever set.
    pub fn latest_status(&self, user_id: &str) -> Result<Option<StatusRecord>, StoreError> {
        let conn = self.conn()?;
        let row = conn
            .query_row(
                "SELECT location, availability, note, set_at_ms FROM status_history
                 WHERE user_id = ?1 ORDER BY set_at_ms DESC, id DESC LIMIT 1",
                params![user_id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, i64>(3)?,
                    ))
                },
            )
            .optional()?;
        Ok(row.and_then(|(location, availability, note, set_at_ms)| {
            Some(StatusRecord {
                user_id: user_id.to_owned(),
                status: WorkStatus {
                    location: WorkLocation::parse(&location)?,
                    availability: Availability::parse(&availability)?,
                    note,
                },
                set_at_ms,
            })
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(location: WorkLocation, at: i64) -> StatusRecord {
        StatusRecord {
            user_id: "@a:example.org".into(),
            status: WorkStatus {
                location,
                availability: Availability::Available,
                note: None,
            },
            set_at_ms: at,
        }
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
