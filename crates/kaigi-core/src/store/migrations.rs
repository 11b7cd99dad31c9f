//! Ordered schema migrations, tracked in SQLite's `user_version`.

use rusqlite::Connection;

use super::StoreError;

/// Each entry moves the schema one version up. Never edit a released entry;
/// append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: work status history — the local record of my own status changes.
    "CREATE TABLE status_history (
        id INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL,
        location TEXT NOT NULL,
        availability TEXT NOT NULL,
        note TEXT,
        set_at_ms INTEGER NOT NULL
    );
    CREATE INDEX status_history_user_time ON status_history (user_id, set_at_ms);",
    // 2: personal annotations, per document (SHA-256) and id; body is the
    // annotation as JSON in PDF page coordinates.
    "CREATE TABLE annotations (
        doc_sha256 TEXT NOT NULL,
        id TEXT NOT NULL,
        page INTEGER NOT NULL,
        body TEXT NOT NULL,
        updated_ms INTEGER NOT NULL,
        PRIMARY KEY (doc_sha256, id)
    );
    CREATE INDEX annotations_page ON annotations (doc_sha256, page);",
    // 3: the whole status as JSON (until, tomorrow's plan) and why Kaigi set
    // it by itself, if it did (so a manual status can be restored).
    "ALTER TABLE status_history ADD COLUMN status_json TEXT;
    ALTER TABLE status_history ADD COLUMN auto TEXT;",
    // 4: meetings kept for offline reading. `meeting_events` holds the
    // meeting rooms' events Kaigi acts on (materials, receipts, state), each
    // content sealed with the material cache key; `meeting_scan` marks how
    // far back each room's history has been read; `meeting_state` holds
    // each meeting's latest details and presenter position, also sealed.
    "CREATE TABLE meeting_events (
        room_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        sender TEXT NOT NULL,
        ts_ms INTEGER NOT NULL,
        sha256 TEXT,
        sealed BLOB NOT NULL,
        PRIMARY KEY (room_id, event_id)
    );
    CREATE INDEX meeting_events_kind ON meeting_events (room_id, kind, ts_ms);
    CREATE INDEX meeting_events_sha256 ON meeting_events (sha256);
    CREATE TABLE meeting_scan (
        room_id TEXT PRIMARY KEY,
        newest_event_id TEXT NOT NULL
    );
    CREATE TABLE meeting_state (
        room_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        sealed BLOB NOT NULL,
        PRIMARY KEY (room_id, kind)
    );",
    // 5: my annotations carried from one version of a material to the next:
    // once per pair, with the ids and quotes of those that found no place
    // (they stay on the older version).
    "CREATE TABLE annotation_carries (
        from_sha256 TEXT NOT NULL,
        to_sha256 TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        unplaced TEXT NOT NULL,
        PRIMARY KEY (from_sha256, to_sha256)
    );
    CREATE INDEX annotation_carries_to ON annotation_carries (to_sha256);",
];

pub(super) fn run(conn: &mut Connection) -> Result<(), StoreError> {
    let known = MIGRATIONS.len() as u32;
    let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > known {
        return Err(StoreError::NewerSchema { found, known });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_a_new_database_to_the_latest_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        run(&mut conn).unwrap();
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as u32);
        // Running again is a no-op.
        run(&mut conn).unwrap();
    }

    #[test]
    fn refuses_a_database_from_a_newer_kaigi() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        assert!(matches!(
            run(&mut conn),
            Err(StoreError::NewerSchema { found: 99, .. })
        ));
    }
}
