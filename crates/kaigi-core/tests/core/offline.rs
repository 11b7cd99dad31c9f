//! Nothing is lost and nothing is sent twice: Synapse is killed (SIGKILL)
//! mid-send again and again, and the app is killed with `kill -9` while
//! messages wait in its queue. matrix-nio, an independent client, counts what
//! arrived.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use kaigi_core::chat::{OpenRoom, SendState, TimelineEntry};
use kaigi_core::profile::Profile;
use kaigi_core::session::Session;
use kaigi_testkit::{OwnSynapse, TestHomeserver, nio_bodies};
use matrix_sdk::ruma::api::client::room::create_room::v3::{Request as CreateRoom, RoomPreset};

use crate::chat::mirror;
use crate::{eventually, eventually_or_explain, signed_in_at};

const CRASHES: usize = 20;

/// A room the counting client can join and read without keys: public and
/// unencrypted, so the count depends on delivery alone.
async fn public_room(session: &Session) -> String {
    let mut request = CreateRoom::new();
    request.name = Some("信頼性".into());
    request.preset = Some(RoomPreset::PublicChat);
    let room = session.client().create_room(request).await.unwrap();
    room.room_id().to_string()
}

/// Asserts each of `expected` arrived exactly once, as matrix-nio sees it.
fn assert_exactly_once(
    hs: &TestHomeserver,
    counter: &kaigi_testkit::TestUser,
    room: &str,
    expected: &[String],
) {
    let bodies = nio_bodies(hs, counter, room).unwrap();
    let mut lost = Vec::new();
    let mut doubled = Vec::new();
    for body in expected {
        match bodies.iter().filter(|b| *b == body).count() {
            0 => lost.push(body),
            1 => {}
            _ => doubled.push(body),
        }
    }
    assert!(
        lost.is_empty() && doubled.is_empty(),
        "lost {lost:?}, duplicated {doubled:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_survive_homeserver_crashes_mid_send() {
    let synapse = OwnSynapse::start().unwrap();
    let hs = synapse.homeserver.clone();
    let counter = hs.register_random("rel-nio").await.unwrap();
    let (_alice, _profile, alice) = signed_in_at(&hs, "rel-alice").await;
    let room_id = public_room(&alice).await;
    let (view, sink) = mirror::<TimelineEntry>();
    let room = OpenRoom::open(&alice, &room_id, sink).await.unwrap();

    let mut expected = Vec::new();
    for i in 0..CRASHES {
        // One message goes out and the server dies under it, at a different
        // moment each time; another is written while it is down.
        let before = format!("送信中に停止 {i}");
        room.send_text(&before).await.unwrap();
        tokio::time::sleep(Duration::from_millis((i as u64 * 7) % 60)).await;
        tokio::task::block_in_place(|| synapse.kill()).unwrap();
        let during = format!("停止中に入力 {i}");
        room.send_text(&during).await.unwrap();
        tokio::task::block_in_place(|| synapse.restart()).unwrap();
        expected.extend([before, during]);
    }

    let all_sent = || {
        let entries = view.lock().unwrap();
        expected.iter().all(|body| {
            entries.iter().any(|e| {
                matches!(e, TimelineEntry::Message(m) if &m.body == body && m.send_state == SendState::Sent)
            })
        })
    };
    eventually_or_explain(
        180,
        "every message sent",
        async || all_sent().then_some(()),
        || send_report(&view.lock().unwrap(), &expected, &hs, &counter, &room_id),
    )
    .await;
    assert_exactly_once(&hs, &counter, &room_id, &expected);
}

/// For a failure: each expected message's state in the timeline, and how
/// often the independent client found it on the server.
fn send_report(
    entries: &[TimelineEntry],
    expected: &[String],
    hs: &TestHomeserver,
    counter: &kaigi_testkit::TestUser,
    room: &str,
) -> String {
    let on_server = nio_bodies(hs, counter, room).unwrap_or_default();
    expected
        .iter()
        .map(|body| {
            let states: Vec<_> = entries
                .iter()
                .filter_map(|e| match e {
                    TimelineEntry::Message(m) if &m.body == body => Some(m.send_state),
                    _ => None,
                })
                .collect();
            let stored = on_server.iter().filter(|b| *b == body).count();
            format!("{body}: timeline {states:?}, on the server {stored}×")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Run by the test below as a child process: restores the session, queues
/// messages while the homeserver is down, says so, and waits to be killed.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "run as a child process by messages_queued_before_a_kill_9_are_sent_after_restart"]
async fn child_queues_messages_and_waits_to_be_killed() {
    let dir = std::env::var("KAIGI_CHILD_PROFILE").unwrap();
    let room_id = std::env::var("KAIGI_CHILD_ROOM").unwrap();
    let count: usize = std::env::var("KAIGI_CHILD_COUNT").unwrap().parse().unwrap();
    let profile = Arc::new(Profile::open(std::path::Path::new(&dir)).unwrap());
    let session = Session::restore(profile).await.unwrap().unwrap();
    let room = OpenRoom::open(&session, &room_id, |_| {}).await.unwrap();
    for i in 0..count {
        room.send_text(&format!("強制終了前 {i}")).await.unwrap();
    }
    println!("QUEUED");
    tokio::time::sleep(Duration::from_secs(600)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_queued_before_a_kill_9_are_sent_after_restart() {
    const COUNT: usize = 10;
    let synapse = OwnSynapse::start().unwrap();
    let hs = synapse.homeserver.clone();
    let counter = hs.register_random("kill-nio").await.unwrap();
    let (_alice, profile, alice) = signed_in_at(&hs, "kill-alice").await;
    let room_id = public_room(&alice).await;
    // The room must be in the stored state the child restores: wait until the
    // sync has brought its name (sync answers are saved as they are applied).
    let id = matrix_sdk::ruma::RoomId::parse(&room_id).unwrap();
    eventually(30, "the new room in the synced state", async || {
        let room = alice.client().get_room(&id)?;
        (room.name().as_deref() == Some("信頼性")).then_some(())
    })
    .await;
    drop(alice);

    // The server is down; the app queues messages and is killed.
    tokio::task::block_in_place(|| synapse.kill()).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "offline::child_queues_messages_and_waits_to_be_killed",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env("KAIGI_CHILD_PROFILE", profile.dir.path())
        .env("KAIGI_CHILD_ROOM", &room_id)
        .env("KAIGI_CHILD_COUNT", COUNT.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let queued = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .any(|line| line.contains("QUEUED"))
    })
    .await
    .unwrap();
    assert!(queued, "the child did not queue its messages");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // The server comes back; the app starts again and sends what was queued.
    tokio::task::block_in_place(|| synapse.restart()).unwrap();
    let restored = Session::restore(profile.profile.clone())
        .await
        .unwrap()
        .expect("the session is restored");
    let expected: Vec<String> = (0..COUNT).map(|i| format!("強制終了前 {i}")).collect();
    eventually(120, "the queued messages to arrive", async || {
        let bodies = nio_bodies(&hs, &counter, &room_id).ok()?;
        expected.iter().all(|b| bodies.contains(b)).then_some(())
    })
    .await;
    assert_exactly_once(&hs, &counter, &room_id, &expected);
    drop(restored);
}

/// A message the homeserver refuses for good (too large) is marked failed,
/// and the messages written after it still go out.
#[tokio::test(flavor = "multi_thread")]
async fn a_refused_message_does_not_hold_back_the_next_ones() {
    let (_alice, _profile, alice) = crate::signed_in("refused-alice").await;
    let room_id = public_room(&alice).await;
    let (view, sink) = mirror::<TimelineEntry>();
    let room = OpenRoom::open(&alice, &room_id, sink).await.unwrap();

    // Matrix events are at most 64 KiB; Synapse answers 413 M_TOO_LARGE.
    let too_large = "大".repeat(30_000);
    room.send_text(&too_large).await.unwrap();
    let state_of = |body: &str| {
        view.lock().unwrap().iter().find_map(|e| match e {
            TimelineEntry::Message(m) if m.body == body => Some(m.send_state),
            _ => None,
        })
    };
    eventually(60, "the oversized message marked failed", async || {
        (state_of(&too_large) == Some(SendState::Failed)).then_some(())
    })
    .await;

    room.send_text("続きの連絡です").await.unwrap();
    eventually(60, "the next message sent", async || {
        (state_of("続きの連絡です") == Some(SendState::Sent)).then_some(())
    })
    .await;
    assert_eq!(state_of(&too_large), Some(SendState::Failed));
}

/// After a long outage the queue waits 15 s between attempts; when the sync
/// finds the homeserver again, sending resumes at once instead of after the
/// rest of that pause.
#[tokio::test(flavor = "multi_thread")]
async fn sending_resumes_as_soon_as_the_homeserver_answers() {
    let synapse = OwnSynapse::start().unwrap();
    let hs = synapse.homeserver.clone();
    let (_alice, _profile, alice) = signed_in_at(&hs, "resume-alice").await;
    let room_id = public_room(&alice).await;
    let (view, sink) = mirror::<TimelineEntry>();
    let room = OpenRoom::open(&alice, &room_id, sink).await.unwrap();
    let mut errors = alice.client().send_queue().subscribe_errors();

    tokio::task::block_in_place(|| synapse.kill()).unwrap();
    room.send_text("復旧を待つ").await.unwrap();
    // Pauses of 0.5, 1, 2, 4 and 8 s; the sixth failure starts one of 15 s.
    for _ in 0..6 {
        let error = tokio::time::timeout(Duration::from_secs(60), errors.recv())
            .await
            .expect("the send keeps failing while the server is down")
            .unwrap();
        assert!(error.is_recoverable, "{}", error.error);
    }
    let retry_due = tokio::time::Instant::now() + Duration::from_secs(15);
    tokio::task::block_in_place(|| synapse.restart()).unwrap();
    eventually(30, "the message sent", async || {
        view.lock()
            .unwrap()
            .iter()
            .any(|e| matches!(e, TimelineEntry::Message(m) if m.body == "復旧を待つ" && m.send_state == SendState::Sent))
            .then_some(())
    })
    .await;
    assert!(
        tokio::time::Instant::now() < retry_due,
        "sent only when the 15 s pause ended, not when the server came back"
    );
}
