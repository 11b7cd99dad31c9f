//! Search over 100,000 messages in the encrypted local index: the latency of
//! Japanese queries of one, two and more characters, and of Latin words.

use std::time::Instant;

use kaigi_core::search::{IndexedMessage, SearchIndex};

use crate::support::{percentile, summary};

const MESSAGES: usize = 100_000;
const ROOMS: usize = 50;
const ROUNDS: usize = 20;

const SUBJECTS: [&str; 12] = [
    "人事異動",
    "予算案",
    "防災訓練",
    "議事録",
    "会議室",
    "出張報告",
    "住民説明会",
    "交通規制",
    "庁舎管理",
    "情報公開",
    "選挙事務",
    "警備計画",
];
const PREDICATES: [&str; 8] = [
    "について確認してください",
    "の資料を共有します",
    "は来週に延期です",
    "の件、了解しました",
    "を修正しました",
    "の締め切りは金曜日です",
    "に関する問い合わせがありました",
    "の担当を変更します",
];
const EXTRAS: [&str; 6] = [
    "",
    " (3階)",
    " budget review",
    " 至急",
    " 参考: FY2026",
    " 再送",
];

/// The queries; the first six are one- and two-character Japanese.
const QUERIES: [&str; 12] = [
    "予",
    "階",
    "人事",
    "会議",
    "防災",
    "延期",
    "住民説明会",
    "締め切り",
    "budget",
    "FY2026",
    "議事録 修正",
    "見つからない語",
];

pub fn run() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let index = SearchIndex::open(&dir.path().join("search.sqlite"), "bench-key")?;
    let started = Instant::now();
    let mut event_ids = Vec::with_capacity(MESSAGES);
    let mut bodies = Vec::with_capacity(MESSAGES);
    let rooms: Vec<String> = (0..ROOMS).map(|r| format!("!room{r}:bench")).collect();
    for i in 0..MESSAGES {
        event_ids.push(format!("$event{i}"));
        bodies.push(format!(
            "{}{}{} #{i}",
            SUBJECTS[i % SUBJECTS.len()],
            PREDICATES[(i / SUBJECTS.len()) % PREDICATES.len()],
            EXTRAS[(i / 7) % EXTRAS.len()],
        ));
    }
    for chunk in (0..MESSAGES).collect::<Vec<_>>().chunks(2_000) {
        let batch: Vec<IndexedMessage<'_>> = chunk
            .iter()
            .map(|&i| IndexedMessage {
                room_id: &rooms[i % ROOMS],
                event_id: &event_ids[i],
                sender: "@bench:bench",
                timestamp: 1_700_000_000_000 + i as u64 * 1000,
                body: &bodies[i],
            })
            .collect();
        index.add(&batch)?;
    }
    println!(
        "search index: {} messages indexed in {:.1} s",
        index.len()?,
        started.elapsed().as_secs_f64()
    );

    let mut all = Vec::new();
    let mut short = Vec::new();
    let mut per_query = vec![Vec::new(); QUERIES.len() + 1];
    for _ in 0..ROUNDS {
        for (q, query) in QUERIES.iter().enumerate() {
            let t = Instant::now();
            let hits = index.search(query, None, 50)?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            anyhow::ensure!(
                hits.is_empty() == (*query == "見つからない語"),
                "{query}: {} hits",
                hits.len()
            );
            all.push(ms);
            per_query[q].push(ms);
            if q < 6 {
                short.push(ms);
            }
        }
        // Within one room too, as the room search does.
        let t = Instant::now();
        index.search("会議", Some(&rooms[7]), 50)?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        all.push(ms);
        per_query[QUERIES.len()].push(ms);
    }
    for (q, times) in per_query.iter().enumerate() {
        let label = QUERIES.get(q).map_or("会議 (one room)", |q| q);
        println!(
            "  search {label:?}: median {:.1} ms",
            percentile(times, 0.5)
        );
    }
    println!(
        "search over {MESSAGES} messages, all queries: {}",
        summary(&all)
    );
    println!(
        "search, 1–2 character Japanese queries: {}",
        summary(&short)
    );
    println!(
        "search p95: {:.1} ms (target ≤ 50 ms)",
        percentile(&all, 0.95)
    );
    Ok(())
}
