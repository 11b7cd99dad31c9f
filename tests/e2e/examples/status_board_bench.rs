//! Benchmark of the status board in the real window (run by
//! `scripts/bench.sh status` against a release build, a local Synapse and Xvfb).
//!
//! Prints, one `key=value` per line:
//! - `board_members`, `board_render_ms_*`, `board_complete_ms_*`: a department
//!   of 500 members, from the board's data arriving in the window to its first
//!   frame painted (a screenful of cards), and to every card in place (each
//!   opening of the board tab is one sample);
//! - `change_ms_*`: a colleague sets a status (through kaigi-core, as their
//!   Kaigi would); the time until the change is drawn on the window's board,
//!   over 100 changes.

#![allow(clippy::unwrap_used, clippy::print_stdout)]
// matrix-sdk futures nest deeply.
#![recursion_limit = "256"]

#[path = "../tests/app/harness.rs"]
#[allow(dead_code)]
mod harness;
#[path = "../tests/app/peer.rs"]
#[allow(dead_code)]
mod peer;

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use futures_util::{StreamExt, TryStreamExt};
use harness::{App, alt, click, sign_in};
use kaigi_core::chat::rooms::{self, NewRoom};
use kaigi_core::status::event::{STATUS_EVENT_TYPE, StatusEventContent};
use kaigi_core::status::{self, Availability, WorkLocation, WorkStatus, board};
use kaigi_e2e::stats;
use kaigi_testkit::{TestHomeserver, TestUser};
use serde::Deserialize;

const MEMBERS: usize = 500;
const OPENINGS: usize = 7;
const CHANGES: usize = 100;
/// The board's complete drawings so far, as a JS expression.
const COMPLETE: &str = "(window.__kaigiBoard || []).filter(m => m.what === 'complete')";

/// A status for member `i`, so the board shows every kind.
fn varied(i: usize) -> WorkStatus {
    let location = WorkLocation::ALL[i % WorkLocation::ALL.len()];
    let availability = Availability::ALL[i % Availability::ALL.len()];
    WorkStatus {
        note: i.is_multiple_of(3).then(|| format!("{i} 番の連絡事項")),
        ..WorkStatus::at(location, availability)
    }
}

/// Registers the department's other members and sets each one's status
/// directly on the homeserver, 16 at a time.
async fn seed(hs: &TestHomeserver, head: &TestUser, space: &str, status_room: &str) -> Result<()> {
    futures_util::stream::iter(2..MEMBERS)
        .map(|i| async move {
            let name = format!("職員 {i:03}");
            let localpart = format!("bench-staff-{i:03}-{:x}", kaigi_core::now_ms());
            let user = hs.register(&localpart, "pw-bench", Some(&name)).await?;
            hs.invite(head, space, &user.user_id).await?;
            hs.join(&user, space).await?;
            hs.join(&user, status_room).await?;
            let content = StatusEventContent {
                status: varied(i),
                set_at: kaigi_core::now_ms(),
                auto: None,
            };
            let json = serde_json::to_value(&content)?;
            hs.put_state(&user, status_room, STATUS_EVENT_TYPE, &user.user_id, &json)
                .await
        })
        .buffer_unordered(16)
        .try_collect::<()>()
        .await
}

#[derive(Debug, Deserialize)]
struct BoardMark {
    what: String,
    members: usize,
    ms: f64,
}

#[derive(Debug, Deserialize)]
struct BoardChange {
    note: Option<String>,
    at: i64,
}

async fn board_marks(app: &App) -> Result<Vec<BoardMark>> {
    let v = app
        .client
        .execute("return window.__kaigiBoard || []", vec![])
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// When the change with `note` was drawn, once it is.
async fn drawn_at(app: &App, note: &str) -> Result<i64> {
    for _ in 0..1000 {
        let v = app
            .client
            .execute("return window.__kaigiBoardChanges || []", vec![])
            .await?;
        let changes: Vec<BoardChange> = serde_json::from_value(v)?;
        if let Some(c) = changes.iter().find(|c| c.note.as_deref() == Some(note)) {
            return Ok(c.at);
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    anyhow::bail!("the change {note} never reached the board")
}

#[tokio::main]
async fn main() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let head = hs.register_random("bench-head").await?;
    let me = hs.register_random("bench-me").await?;

    // The department, its status room (made by the head's first status), and
    // 500 members with a status each.
    let head_peer = peer::Peer::sign_in(&hs, &head).await?;
    let mut department = NewRoom::group("総務部", vec![me.user_id.clone()]);
    department.is_space = true;
    let space = rooms::create_room(&head_peer.session, department).await?;
    hs.join(&me, &space).await?;
    let head_status = WorkStatus::at(WorkLocation::Office, Availability::Available);
    status::set_my_status(&head_peer.session, head_status, kaigi_core::now_ms(), None).await?;
    let board = board::board(&head_peer.session, kaigi_core::now_ms(), 0).await?;
    let status_room = board.departments[0].status_room_id.clone();
    hs.join(&me, &status_room).await?;
    let seeding = std::time::Instant::now();
    seed(&hs, &head, &space, &status_room).await?;
    eprintln!("seeded {MEMBERS} members in {:?}", seeding.elapsed());

    let data = tempfile::tempdir()?;
    let app = App::launch("status-bench", data.path(), &[]).await?;
    let outcome = async {
        sign_in(&app, &hs.url, &me).await?;
        app.wait_for("[data-testid=user-id]").await?;
        for opening in 1..=OPENINGS {
            alt(&app, '3').await?;
            app.wait_until_for(
                "the board's marks",
                &format!("{COMPLETE}.length >= {opening}"),
                120,
            )
            .await?;
            alt(&app, '1').await?;
        }
        let marks = board_marks(&app).await?;
        let members = marks.last().context("no board drawn")?.members;
        ensure!(members == MEMBERS, "the board drew {members} of {MEMBERS}");
        println!("board_members={members}");
        // The first opening also joins and reads the status room.
        let times = |what: &str| -> Vec<f64> {
            let of_kind = marks.iter().filter(|m| m.what == what);
            of_kind.skip(1).map(|m| m.ms).collect()
        };
        stats("board_render_ms", times("firstFrame"));
        stats("board_complete_ms", times("complete"));

        click(&app, "[data-testid=tab-board]").await?;
        app.wait_until("the board open", &format!("{COMPLETE}.length > {OPENINGS}"))
            .await?;
        let mut latencies = Vec::with_capacity(CHANGES);
        for i in 0..CHANGES {
            let note = format!("変更 {i}");
            let status = WorkStatus {
                note: Some(note.clone()),
                ..WorkStatus::at(WorkLocation::ALL[i % 2], Availability::Available)
            };
            let sent = kaigi_core::now_ms();
            status::set_my_status(&head_peer.session, status, sent, None).await?;
            latencies.push((drawn_at(&app, &note).await? - sent) as f64);
        }
        stats("change_ms", latencies);
        Ok::<_, anyhow::Error>(())
    }
    .await;
    app.close(&outcome).await;
    outcome
}
