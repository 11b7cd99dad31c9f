//! A room with 10,000 cached events: from asking to open it to the first
//! batch of messages handed to the view (what the window paints first), in
//! the session that cached them and after a restart.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt};
use kaigi_core::chat::{ListDiff, NewRoom, OpenRoom, TimelineEntry, rooms};
use kaigi_core::session::Session;
use kaigi_testkit::TestHomeserver;
use matrix_sdk::ruma::RoomId;
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use tokio::sync::mpsc;

use crate::support::{join_when_invited, ready_to_send, signed_in, summary, until};

const EVENTS: usize = 10_000;
const REOPENS: usize = 10;
const RESTARTS: usize = 3;

pub async fn run(hs: &TestHomeserver) -> anyhow::Result<()> {
    let reader = signed_in(hs, "bench-big-reader").await?;
    let writer = signed_in(hs, "bench-big-writer").await?;
    let room_id = rooms::create_room(
        &reader.session,
        NewRoom::group("一万件", vec![writer.user.user_id.clone()]),
    )
    .await?;
    join_when_invited(&writer.session, &room_id).await?;
    ready_to_send(&writer.session, &room_id, 2).await?;

    // The reader follows the room live while the writer fills it, so its
    // event cache stores every event as sync delivers it.
    let watching = reader.session.keep_synced(&RoomId::parse(&room_id)?).await;
    let started = Instant::now();
    let room = writer
        .session
        .client()
        .get_room(&RoomId::parse(&room_id)?)
        .ok_or_else(|| anyhow::anyhow!("the writer is not in the room"))?;
    futures_util::stream::iter(0..EVENTS)
        .map(|i| {
            let room = room.clone();
            async move {
                room.send(RoomMessageEventContent::text_plain(format!(
                    "第{i}号 定例報告: 本日の庁内連絡事項を共有します。"
                )))
                .await
            }
        })
        .buffer_unordered(16)
        .try_collect::<Vec<_>>()
        .await?;
    println!(
        "big room: {EVENTS} encrypted messages sent in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    // Every one of them decrypted and indexed on the reader's side.
    until(600, "the reader to receive every message", async || {
        (reader.session.search().len().ok()? >= EVENTS as u64).then_some(())
    })
    .await?;
    drop(watching);
    println!(
        "big room: the reader received and cached all of them {:.0} s after the first was sent",
        started.elapsed().as_secs_f64()
    );

    let mut reopen = Vec::new();
    for _ in 0..REOPENS {
        reopen.push(first_paint(&reader.session, &room_id).await?);
    }
    println!(
        "room with {EVENTS} cached events, opened again: {}",
        summary(&reopen)
    );

    let profile = reader.profile.clone();
    drop(reader.session);
    let mut after_restart = Vec::new();
    for _ in 0..RESTARTS {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let session = Session::restore(Arc::clone(&profile))
            .await?
            .ok_or_else(|| anyhow::anyhow!("no saved session"))?;
        after_restart.push(first_paint(&session, &room_id).await?);
        drop(session);
    }
    println!(
        "room with {EVENTS} cached events, first open after a restart: {}",
        summary(&after_restart)
    );
    Ok(())
}

/// Milliseconds from asking to open the room to the first batch of messages.
async fn first_paint(session: &Session, room_id: &str) -> anyhow::Result<f64> {
    let (painted, mut first) = mpsc::unbounded_channel();
    let start = Instant::now();
    let _open = OpenRoom::open(
        session,
        room_id,
        move |diffs: Vec<ListDiff<TimelineEntry>>| {
            let has_message = diffs.iter().any(|d| match d {
                ListDiff::Reset { values } | ListDiff::Append { values } => values
                    .iter()
                    .any(|e| matches!(e, TimelineEntry::Message(_))),
                ListDiff::PushBack { value }
                | ListDiff::PushFront { value }
                | ListDiff::Insert { value, .. } => matches!(value, TimelineEntry::Message(_)),
                _ => false,
            });
            if has_message {
                let _ = painted.send(Instant::now());
            }
        },
    )
    .await?;
    let at = tokio::time::timeout(Duration::from_secs(30), first.recv())
        .await?
        .ok_or_else(|| anyhow::anyhow!("the room never showed a message"))?;
    Ok((at - start).as_secs_f64() * 1000.0)
}
