//! `kaigi.sqlite`: Kaigi's own local data, one module per table.
//!
//! Opened in WAL mode with a busy timeout; migrations run in order at open and
//! a database written by a newer Kaigi is refused rather than damaged.

pub mod annotation_carries;
pub mod annotations;
pub mod meeting_log;
mod migrations;
pub mod status_history;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

/// Errors from the local store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("kaigi.sqlite has schema version {found}, newer than this Kaigi knows ({known})")]
    NewerSchema { found: u32, known: u32 },
    #[error("the database lock was poisoned by a crash in another thread")]
    Poisoned,
}

impl crate::HasErrorCode for StoreError {
    fn code(&self) -> crate::ErrorCode {
        crate::ErrorCode::Storage
    }
}

/// The open `kaigi.sqlite`.
#[derive(Debug)]
pub struct LocalStore {
    conn: Mutex<Connection>,
}

impl LocalStore {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::run(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// SQLite's own consistency check of the whole file.
    pub fn integrity_ok(&self) -> Result<bool, StoreError> {
        let verdict: String = self
            .conn()?
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        Ok(verdict == "ok")
    }

    pub(crate) fn conn(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }
}
