//! The meeting tables: the events of meeting rooms Kaigi acts on, how far
//! back each room has been read, and each meeting's latest state. Contents
//! arrive sealed (encrypted by the caller); this module only keeps them.

use rusqlite::{OptionalExtension, params};

use super::{LocalStore, StoreError};

/// One logged event of a meeting room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedEvent {
    pub room_id: String,
    pub event_id: String,
    /// What the event is to Kaigi: "material", "received", ...
    pub kind: String,
    pub sender: String,
    pub ts_ms: i64,
    /// A material's SHA-256 (hex), the name of its cached file.
    pub sha256: Option<String>,
    /// The event's content, sealed.
    pub sealed: Vec<u8>,
}

impl LocalStore {
    /// Logs an event; logging one already there is a no-op.
    pub fn log_meeting_event(&self, event: &LoggedEvent) -> Result<bool, StoreError> {
        let added = self.conn()?.execute(
            "INSERT OR IGNORE INTO meeting_events
             (room_id, event_id, kind, sender, ts_ms, sha256, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                event.room_id,
                event.event_id,
                event.kind,
                event.sender,
                event.ts_ms,
                event.sha256,
                event.sealed
            ],
        )?;
        Ok(added > 0)
    }

    /// Forgets one event (it was redacted); whether it was there.
    pub fn forget_meeting_event(&self, room_id: &str, event_id: &str) -> Result<bool, StoreError> {
        let removed = self.conn()?.execute(
            "DELETE FROM meeting_events WHERE room_id = ?1 AND event_id = ?2",
            params![room_id, event_id],
        )?;
        Ok(removed > 0)
    }

    /// Forgets every event of `kind` in the room.
    pub fn forget_meeting_events(&self, room_id: &str, kind: &str) -> Result<usize, StoreError> {
        Ok(self.conn()?.execute(
            "DELETE FROM meeting_events WHERE room_id = ?1 AND kind = ?2",
            params![room_id, kind],
        )?)
    }

    /// The room's events of `kind`, oldest first.
    pub fn meeting_events(
        &self,
        room_id: &str,
        kind: &str,
    ) -> Result<Vec<LoggedEvent>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare_cached(
            "SELECT event_id, sender, ts_ms, sha256, sealed FROM meeting_events
             WHERE room_id = ?1 AND kind = ?2 ORDER BY ts_ms, event_id",
        )?;
        let rows = statement.query_map(params![room_id, kind], |row| {
            Ok(LoggedEvent {
                room_id: room_id.to_owned(),
                event_id: row.get(0)?,
                kind: kind.to_owned(),
                sender: row.get(1)?,
                ts_ms: row.get(2)?,
                sha256: row.get(3)?,
                sealed: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether any meeting still logs a material with this hash (its cached
    /// file is shared and must stay).
    pub fn material_logged(&self, sha256: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT 1 FROM meeting_events WHERE kind = 'material' AND sha256 = ?1",
                params![sha256],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The hashes of every logged material.
    pub fn material_hashes(&self) -> Result<Vec<String>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare_cached(
            "SELECT DISTINCT sha256 FROM meeting_events
             WHERE kind = 'material' AND sha256 IS NOT NULL",
        )?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The meeting rooms logging a material with this hash.
    pub fn material_rooms(&self, sha256: &str) -> Result<Vec<String>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare_cached(
            "SELECT DISTINCT room_id FROM meeting_events WHERE kind = 'material' AND sha256 = ?1",
        )?;
        let rows = statement.query_map([sha256], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Forgets every meeting (signing out, or a new key).
    pub fn forget_meetings(&self) -> Result<(), StoreError> {
        self.conn()?.execute_batch(
            "DELETE FROM meeting_events; DELETE FROM meeting_scan; DELETE FROM meeting_state;",
        )?;
        Ok(())
    }

    /// The newest event of the room read so far by a full scan of its history.
    pub fn meeting_scan_marker(&self, room_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT newest_event_id FROM meeting_scan WHERE room_id = ?1",
                params![room_id],
                |row| row.get(0),
            )
            .optional()?)
    }

    pub fn set_meeting_scan_marker(&self, room_id: &str, event_id: &str) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO meeting_scan (room_id, newest_event_id) VALUES (?1, ?2)
             ON CONFLICT (room_id) DO UPDATE SET newest_event_id = excluded.newest_event_id",
            params![room_id, event_id],
        )?;
        Ok(())
    }

    /// Keeps the latest state of `kind` ("meeting", "presenter") of a meeting.
    pub fn put_meeting_state(
        &self,
        room_id: &str,
        kind: &str,
        sealed: &[u8],
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO meeting_state (room_id, kind, sealed) VALUES (?1, ?2, ?3)
             ON CONFLICT (room_id, kind) DO UPDATE SET sealed = excluded.sealed",
            params![room_id, kind, sealed],
        )?;
        Ok(())
    }

    pub fn meeting_state(&self, room_id: &str, kind: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT sealed FROM meeting_state WHERE room_id = ?1 AND kind = ?2",
                params![room_id, kind],
                |row| row.get(0),
            )
            .optional()?)
    }
}
