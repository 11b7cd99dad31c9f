//! Benchmark of paperless meetings (run by `scripts/bench.sh meeting`
//! against a local Synapse and Xvfb).
//!
//! Prints, one `key=value` per line:
//! - `follow_next_ms_*`: the presenter (through kaigi-core, as their Kaigi
//!   would) moves to the next page of a 200-page material; the time until
//!   that page is drawn in the window that follows, over 100 changes;
//!   `arrive_next_ms_*`: until the move reached the window;
//! - `follow_jump_ms_*`, `arrive_jump_ms_*`: the same for 30 jumps of 7
//!   pages (pages the follower has not prefetched);
//! - `distribute_ms`: the organiser attaches the 200-page material (encrypted
//!   upload, then the event) until it is in the encrypted cache of all of 10
//!   participants' Kaigi (each downloads, checks and seals it by itself);
//!   `distribute_first_ms` and `distribute_each_ms_*`: when the first, and
//!   each, participant had it;
//! - `plain_http_ms`: the same file uploaded unencrypted to the same Synapse
//!   and downloaded by 10 clients at once over plain HTTP, for reference.

#![allow(clippy::unwrap_used, clippy::print_stdout)]
// matrix-sdk futures nest deeply.
#![recursion_limit = "256"]

#[path = "../tests/app/harness.rs"]
#[allow(dead_code)]
mod harness;
#[path = "../tests/app/peer.rs"]
#[allow(dead_code)]
mod peer;

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use futures_util::future::try_join_all;
use harness::{App, alt, click, fixture, sign_in};
use kaigi_core::meeting::{self, FollowMode, MeetingForm, NewMaterial};
use kaigi_core::session::Session;
use kaigi_e2e::stats;
use kaigi_testkit::TestHomeserver;
use serde::Deserialize;

const CHANGES: usize = 100;
const JUMPS: usize = 30;
const PARTICIPANTS: usize = 10;
const PAGES: u32 = 200;

#[derive(Deserialize)]
struct FollowMark {
    page: u32,
    at: i64,
}

/// When the window drew `page` after following, at or after `since`.
async fn drawn_at(app: &App, page: u32, since: i64) -> Result<i64> {
    mark_at(app, "__kaigiFollow", page, since).await
}

/// When the window's mark list `list` got `page`, at or after `since`.
async fn mark_at(app: &App, list: &str, page: u32, since: i64) -> Result<i64> {
    for _ in 0..2000 {
        let v = app
            .client
            .execute(&format!("return window.{list} || []"), vec![])
            .await?;
        let marks: Vec<FollowMark> = serde_json::from_value(v)?;
        if let Some(m) = marks.iter().find(|m| m.page == page && m.at >= since) {
            return Ok(m.at);
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    anyhow::bail!("page {page} was never drawn by following")
}

async fn new_meeting(organiser: &Session, invite: Vec<String>) -> Result<(String, String)> {
    let starts_at = kaigi_core::now_ms();
    let room_id = meeting::create_meeting(
        organiser,
        MeetingForm {
            title: "ベンチマーク会議".into(),
            starts_at,
            ends_at: starts_at + 3_600_000,
            place: None,
            online_url: None,
            agenda: vec!["資料".into()],
            invite,
        },
    )
    .await?;
    let item = meeting::meeting_details(organiser, &room_id)
        .await?
        .context("its details")?
        .agenda[0]
        .id
        .clone();
    Ok((room_id, item))
}

fn material(item: &str, bytes: &[u8]) -> NewMaterial {
    NewMaterial {
        item: item.to_owned(),
        name: "資料集 200ページ.pdf".into(),
        bytes: bytes.to_vec(),
        pages: PAGES,
        replaces: None,
    }
}

async fn follow(hs: &TestHomeserver, pdf: &[u8]) -> Result<()> {
    let me = hs.register_random("bench-follower").await?;
    let org = hs.register_random("bench-presenter").await?;
    let presenter = peer::Peer::sign_in(hs, &org).await?;
    let (room_id, item) = new_meeting(&presenter.session, vec![me.user_id.clone()]).await?;
    let data = tempfile::tempdir()?;
    let app = App::launch("meeting-bench", data.path(), &[]).await?;
    let outcome = async {
        sign_in(&app, &hs.url, &me).await?;
        app.wait_for("[data-testid=user-id]").await?;
        alt(&app, '4').await?;
        click(
            &app,
            &format!("[data-room-id=\"{room_id}\"] [data-testid=meeting-join]"),
        )
        .await?;
        app.wait_for("[data-testid=meeting-room]").await?;
        let event =
            meeting::attach_material(&presenter.session, &room_id, material(&item, pdf)).await?;
        app.wait_for(&format!("[data-event-id=\"{event}\"][data-cached=yes]"))
            .await?;
        let session = &presenter.session;
        let present = async |page: u32| {
            meeting::present(
                session,
                &room_id,
                Some(event.clone()),
                page,
                FollowMode::Soft,
            )
            .await
        };
        present(0).await?;
        drawn_at(&app, 0, 0).await?;
        for (name, pages) in [
            ("next", (1..=CHANGES as u32).collect::<Vec<_>>()),
            (
                "jump",
                (1..=JUMPS as u32).map(|i| (100 + i * 7) % PAGES).collect(),
            ),
        ] {
            let (mut drawn, mut arrived) = (Vec::new(), Vec::new());
            for page in pages {
                let sent = kaigi_core::now_ms();
                present(page).await?;
                drawn.push((drawn_at(&app, page, sent).await? - sent) as f64);
                arrived.push((mark_at(&app, "__kaigiPresenter", page, sent).await? - sent) as f64);
            }
            stats(&format!("follow_{name}_ms"), drawn);
            stats(&format!("arrive_{name}_ms"), arrived);
        }
        Ok::<_, anyhow::Error>(())
    }
    .await;
    app.close(&outcome).await;
    outcome
}

async fn distribute(hs: &TestHomeserver, pdf: &[u8]) -> Result<()> {
    let org = hs.register_random("bench-organiser").await?;
    let organiser = peer::Peer::sign_in(hs, &org).await?;
    let prefixes: Vec<String> = (0..PARTICIPANTS).map(|i| format!("bench-p{i}")).collect();
    let users = try_join_all(prefixes.iter().map(|p| hs.register_random(p))).await?;
    let participants = try_join_all(users.iter().map(|u| peer::Peer::sign_in(hs, u))).await?;
    let invite = users.iter().map(|u| u.user_id.clone()).collect();
    let (room_id, item) = new_meeting(&organiser.session, invite).await?;
    try_join_all(
        participants
            .iter()
            .map(|p| kaigi_core::chat::rooms::join(&p.session, &room_id)),
    )
    .await?;
    // Everyone has joined (as the organiser sees it) before the material goes.
    let room = organiser
        .session
        .client()
        .get_room(&matrix_sdk::ruma::RoomId::parse(&room_id)?)
        .context("the meeting")?;
    for _ in 0..600 {
        let joined = room.members(matrix_sdk::RoomMemberships::JOIN).await?.len();
        if joined == PARTICIPANTS + 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let started = Instant::now();
    let event =
        meeting::attach_material(&organiser.session, &room_id, material(&item, pdf)).await?;
    let sent = started.elapsed();
    // When each participant has the file in its cache.
    let mut cached: Vec<Option<Duration>> = vec![None; participants.len()];
    while cached.iter().any(Option::is_none) {
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(300),
            "not distributed"
        );
        for (p, at) in participants.iter().zip(cached.iter_mut()) {
            if at.is_none()
                && p.session
                    .meetings()
                    .material_bytes(&room_id, &event)
                    .is_ok()
            {
                *at = Some(started.elapsed());
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let each: Vec<f64> = cached
        .iter()
        .flatten()
        .map(|d| d.as_secs_f64() * 1000.0)
        .collect();
    let first = each.iter().copied().fold(f64::INFINITY, f64::min);
    let last = each.iter().copied().fold(0.0, f64::max);
    println!("distribute_first_ms={first:.0}");
    stats("distribute_each_ms", each);
    println!("distribute_bytes={}", pdf.len());
    println!("distribute_sent_ms={}", sent.as_millis());
    println!("distribute_ms={last:.0}");

    // The same bytes, unencrypted, uploaded and then fetched by 10 clients
    // at once over plain HTTP.
    let started = Instant::now();
    let uploaded = organiser
        .session
        .client()
        .media()
        .upload(&mime::APPLICATION_PDF, pdf.to_vec(), None)
        .await?;
    let uri = uploaded.content_uri.to_string();
    let path = uri.strip_prefix("mxc://").context("an mxc uri")?;
    let url = format!("{}/_matrix/client/v1/media/download/{path}", hs.url);
    let http = reqwest::Client::new();
    let downloads = users.iter().map(|u| {
        let request = http.get(&url).bearer_auth(&u.access_token);
        async move { request.send().await?.error_for_status()?.bytes().await }
    });
    let bodies = try_join_all(downloads).await?;
    anyhow::ensure!(
        bodies.iter().all(|b| b.len() == pdf.len()),
        "a short download"
    );
    println!("plain_http_ms={}", started.elapsed().as_millis());
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let pdf = std::fs::read(fixture("packet-200.pdf"))?;
    follow(&hs, &pdf).await?;
    distribute(&hs, &pdf).await
}
