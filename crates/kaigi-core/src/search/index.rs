//! The local search index of decrypted messages: `search.sqlite`, encrypted
//! with SQLCipher under a random key kept in the system keychain.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::tokens::{self, columns};
use crate::store::StoreError;

/// One message found.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MessageHit {
    pub room_id: String,
    pub event_id: String,
    pub sender: String,
    /// Milliseconds since the epoch.
    pub timestamp: f64,
    /// The message text; plain text, never HTML.
    pub body: String,
}

/// A message to index.
#[derive(Debug, Clone)]
pub struct IndexedMessage<'a> {
    pub room_id: &'a str,
    pub event_id: &'a str,
    pub sender: &'a str,
    pub timestamp: u64,
    pub body: &'a str,
}

/// A message's row id is its time (ms) times this, plus a counter for
/// messages of the same millisecond: so the full-text index, which walks
/// row ids newest first and stops at the limit, returns the newest hits
/// without sorting every match.
const PER_MS: i64 = 1024;
/// Row ids start from this time (ms); later ones stay well inside an i64.
const MAX_TS: u64 = 1 << 52;

/// Bumped when the layout changes; older indexes are rebuilt on open.
const VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS messages (
    -- ts * PER_MS + n: see PER_MS.
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    room_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    ts INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_room_ts ON messages (room_id, ts);
CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5 (
    unigrams, bigrams, words,
    -- One token naming the room (room_token), so a search in one room
    -- intersects posting lists instead of filtering every hit.
    room,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
";

#[derive(Debug)]
pub struct SearchIndex {
    conn: Mutex<Connection>,
}

impl SearchIndex {
    /// Opens (creating) the index at `path` with the SQLCipher key `key`
    /// (64 hex digits). A wrong key is an error, never a silent new index.
    pub fn open(path: &Path, key: &str) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "key", format!("x'{key}'"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let index = Self {
            conn: Mutex::new(conn),
        };
        if version < VERSION {
            index.rebuild()?;
        }
        index.conn()?.execute_batch(super::material_pages::SCHEMA)?;
        Ok(index)
    }

    /// Lays the index out afresh, keeping every message it held.
    fn rebuild(&self) -> Result<(), StoreError> {
        let kept = {
            let conn = self.conn()?;
            let exists: bool = conn.query_row(
                "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'messages'",
                [],
                |r| r.get(0),
            )?;
            let mut kept = Vec::new();
            if exists {
                let mut rows =
                    conn.prepare("SELECT event_id, room_id, sender, ts, body FROM messages")?;
                kept = rows
                    .query_map([], |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, i64>(3)?,
                            r.get::<_, String>(4)?,
                        ))
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
            }
            conn.execute_batch(
                "DROP TABLE IF EXISTS messages_fts; DROP TABLE IF EXISTS messages;",
            )?;
            conn.execute_batch(SCHEMA)?;
            kept
        };
        let messages: Vec<IndexedMessage<'_>> = kept
            .iter()
            .map(|(event_id, room_id, sender, ts, body)| IndexedMessage {
                room_id,
                event_id,
                sender,
                timestamp: u64::try_from(*ts).unwrap_or_default(),
                body,
            })
            .collect();
        self.add(&messages)?;
        self.conn()?.pragma_update(None, "user_version", VERSION)?;
        Ok(())
    }

    pub(super) fn conn(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }

    /// Adds messages, or replaces their text when they are already there (an edit).
    pub fn add(&self, messages: &[IndexedMessage<'_>]) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        {
            let mut find = tx.prepare_cached("SELECT id FROM messages WHERE event_id = ?1")?;
            let mut drop_fts = tx.prepare_cached("DELETE FROM messages_fts WHERE rowid = ?1")?;
            let mut update = tx.prepare_cached("UPDATE messages SET body = ?2 WHERE id = ?1")?;
            let mut last_of_ms =
                tx.prepare_cached("SELECT max(id) FROM messages WHERE id >= ?1 AND id < ?2")?;
            let mut taken = tx.prepare_cached("SELECT 1 FROM messages WHERE id = ?1")?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO messages (id, event_id, room_id, sender, ts, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut fts = tx.prepare_cached(
                "INSERT INTO messages_fts (rowid, unigrams, bigrams, words, room)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for m in messages {
                let id = match find
                    .query_row([m.event_id], |r| r.get::<_, i64>(0))
                    .optional()?
                {
                    Some(id) => {
                        // An edit: same row, new text.
                        drop_fts.execute([id])?;
                        update.execute(params![id, m.body])?;
                        id
                    }
                    None => {
                        let ts = i64::try_from(m.timestamp.min(MAX_TS)).unwrap_or_default();
                        let first = ts * PER_MS;
                        let last: Option<i64> =
                            last_of_ms.query_row(params![first, first + PER_MS], |r| r.get(0))?;
                        // Past 1024 messages in one millisecond, ids borrow
                        // from the next; the order stays nearly right.
                        let mut id = last.map_or(first, |l| l + 1);
                        while taken.exists([id])? {
                            id += 1;
                        }
                        insert.execute(params![id, m.event_id, m.room_id, m.sender, ts, m.body])?;
                        id
                    }
                };
                let c = columns(m.body);
                fts.execute(params![
                    id,
                    c.unigrams,
                    c.bigrams,
                    c.words,
                    room_token(m.room_id)
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets a message (it was deleted).
    pub fn remove(&self, event_id: &str) -> Result<(), StoreError> {
        let conn = self.conn()?;
        if let Some(id) = conn
            .query_row(
                "SELECT id FROM messages WHERE event_id = ?1",
                [event_id],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
        {
            conn.execute("DELETE FROM messages_fts WHERE rowid = ?1", [id])?;
            conn.execute("DELETE FROM messages WHERE id = ?1", [id])?;
        }
        Ok(())
    }

    /// The newest `limit` messages matching `input`, optionally in one room.
    pub fn search(
        &self,
        input: &str,
        room_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<MessageHit>, StoreError> {
        let Some(mut expression) = tokens::query(input) else {
            return Ok(Vec::new());
        };
        if let Some(room) = room_id {
            expression = format!("room:{} AND ({expression})", room_token(room));
        }
        let conn = self.conn()?;
        let mut statement = conn.prepare_cached(
            "SELECT m.room_id, m.event_id, m.sender, m.ts, m.body
             FROM messages_fts f JOIN messages m ON m.id = f.rowid
             WHERE messages_fts MATCH ?1 AND (?2 IS NULL OR m.room_id = ?2)
             ORDER BY f.rowid DESC LIMIT ?3",
        )?;
        let hits = statement
            .query_map(params![expression, room_id, limit], |r| {
                #[allow(clippy::cast_precision_loss)]
                Ok(MessageHit {
                    room_id: r.get(0)?,
                    event_id: r.get(1)?,
                    sender: r.get(2)?,
                    timestamp: r.get::<_, i64>(3)? as f64,
                    body: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(hits)
    }

    pub fn len(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn()?
            .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))?)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }
}

/// A room id as one plain token: "r" and 16 hex digits of its SHA-256.
fn room_token(room_id: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(room_id.as_bytes());
    format!("r{}", hex::encode(&digest[..8]))
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
