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

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS messages (
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
        conn.execute_batch(SCHEMA)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }

    /// Adds messages, or replaces their text when they are already there (an edit).
    pub fn add(&self, messages: &[IndexedMessage<'_>]) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        {
            let mut find = tx.prepare_cached("SELECT id FROM messages WHERE event_id = ?1")?;
            let mut drop_fts = tx.prepare_cached("DELETE FROM messages_fts WHERE rowid = ?1")?;
            let mut upsert = tx.prepare_cached(
                "INSERT INTO messages (event_id, room_id, sender, ts, body) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (event_id) DO UPDATE SET body = excluded.body
                 RETURNING id",
            )?;
            let mut fts = tx.prepare_cached(
                "INSERT INTO messages_fts (rowid, unigrams, bigrams, words) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for m in messages {
                if let Some(id) = find
                    .query_row([m.event_id], |r| r.get::<_, i64>(0))
                    .optional()?
                {
                    drop_fts.execute([id])?;
                }
                #[allow(clippy::cast_possible_wrap)]
                let id: i64 = upsert.query_row(
                    params![m.event_id, m.room_id, m.sender, m.timestamp as i64, m.body],
                    |r| r.get(0),
                )?;
                let c = columns(m.body);
                fts.execute(params![id, c.unigrams, c.bigrams, c.words])?;
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
        let Some(expression) = tokens::query(input) else {
            return Ok(Vec::new());
        };
        let conn = self.conn()?;
        let mut statement = conn.prepare_cached(
            "SELECT m.room_id, m.event_id, m.sender, m.ts, m.body
             FROM messages_fts f JOIN messages m ON m.id = f.rowid
             WHERE messages_fts MATCH ?1 AND (?2 IS NULL OR m.room_id = ?2)
             ORDER BY m.ts DESC LIMIT ?3",
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

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    fn message<'a>(event_id: &'a str, body: &'a str, ts: u64) -> IndexedMessage<'a> {
        IndexedMessage {
            room_id: "!r:localhost",
            event_id,
            sender: "@a:localhost",
            timestamp: ts,
            body,
        }
    }

    #[test]
    fn finds_japanese_at_every_length_and_follows_edits_and_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open(&dir.path().join("s.sqlite"), KEY).unwrap();
        index
            .add(&[
                message("$1", "明日の会議資料を共有します", 1),
                message("$2", "予算案 budget v2 の確認", 2),
                message("$3", "会場は3階です", 3),
            ])
            .unwrap();
        let ids = |q: &str| -> Vec<String> {
            index
                .search(q, None, 10)
                .unwrap()
                .into_iter()
                .map(|h| h.event_id)
                .collect()
        };
        assert_eq!(ids("会"), ["$3", "$1"]);
        assert_eq!(ids("会議"), ["$1"]);
        assert_eq!(ids("会議資料"), ["$1"]);
        assert_eq!(ids("議会"), Vec::<String>::new());
        assert_eq!(ids("予算 budg"), ["$2"]);
        assert_eq!(ids("BUDGET"), ["$2"]);
        assert_eq!(ids(""), Vec::<String>::new());
        assert_eq!(ids("\"'*"), Vec::<String>::new());

        index.add(&[message("$1", "明日の打ち合わせ", 1)]).unwrap();
        assert_eq!(ids("会議"), Vec::<String>::new());
        assert_eq!(ids("打ち"), ["$1"]);
        index.remove("$3").unwrap();
        assert_eq!(ids("会"), Vec::<String>::new());
        assert_eq!(index.len().unwrap(), 2);
    }

    #[test]
    fn the_file_is_unreadable_without_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite");
        let index = SearchIndex::open(&path, KEY).unwrap();
        index.add(&[message("$1", "機密の人事案", 1)]).unwrap();
        drop(index);
        let raw = std::fs::read(&path).unwrap();
        let needle = "機密".as_bytes();
        assert!(
            !raw.windows(needle.len()).any(|w| w == needle),
            "plaintext on disk"
        );
        assert!(!raw.starts_with(b"SQLite format 3"), "not encrypted");
        let wrong = "ff".repeat(32);
        assert!(
            SearchIndex::open(&path, &wrong).is_err(),
            "a wrong key opens the index"
        );
        assert_eq!(SearchIndex::open(&path, KEY).unwrap().len().unwrap(), 1);
    }
}
