//! Tests of the search index: Japanese at every length, edits and deletions,
//! newest-first order, rebuilding an older layout, encryption at rest.

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
fn newest_first_with_equal_times_and_an_older_layout_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    {
        // The first layout: plain row ids, no version.
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "key", format!("x'{KEY}'"))
            .unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        for (id, event, ts, body) in [(1, "$old", 50, "古い会議"), (2, "$new", 90, "新しい会議")]
        {
            conn.execute(
                "INSERT INTO messages VALUES (?1, ?2, '!r:localhost', '@a:localhost', ?3, ?4)",
                params![id, event, ts, body],
            )
            .unwrap();
        }
    }
    let index = SearchIndex::open(&path, KEY).unwrap();
    // Messages come in out of order (scrolling back), some in one millisecond.
    index
        .add(&[
            message("$same1", "同時の会議 一", 70),
            message("$same2", "同時の会議 二", 70),
            message("$oldest", "最初の会議", 10),
        ])
        .unwrap();
    let ids: Vec<String> = index
        .search("会議", None, 10)
        .unwrap()
        .into_iter()
        .map(|h| h.event_id)
        .collect();
    assert_eq!(ids, ["$new", "$same2", "$same1", "$old", "$oldest"]);
    let top: Vec<String> = index
        .search("会議", None, 2)
        .unwrap()
        .into_iter()
        .map(|h| h.event_id)
        .collect();
    assert_eq!(top, ["$new", "$same2"]);

    // Within one room, only that room's messages.
    index
        .add(&[IndexedMessage {
            room_id: "!other:localhost",
            ..message("$elsewhere", "別室の会議", 5)
        }])
        .unwrap();
    let there: Vec<String> = index
        .search("会議", Some("!other:localhost"), 10)
        .unwrap()
        .into_iter()
        .map(|h| h.event_id)
        .collect();
    assert_eq!(there, ["$elsewhere"]);
    assert_eq!(
        index
            .search("会議", Some("!r:localhost"), 10)
            .unwrap()
            .len(),
        5
    );
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
