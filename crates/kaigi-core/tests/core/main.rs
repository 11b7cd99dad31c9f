//! kaigi-core against a real Synapse (started by scripts/test.sh) and the real
//! Secret Service keychain (gnome-keyring under dbus-run-session).

// Test helpers may unwrap: a failure there is a failed test.
#![allow(clippy::unwrap_used)]

mod annotations;
mod attachments;
mod chat;
mod chat_actions;
mod interop;
mod keychain;
mod material_search;
mod materials;
mod meeting;
mod meeting_setup;
mod notify;
mod offline;
mod search;
mod security;
mod session;
mod shared_annotations;
mod status;
mod status_report;
mod versions;
mod votes;

use std::sync::Arc;
use std::time::Duration;

use kaigi_core::profile::Profile;
use kaigi_core::session::Session;
use kaigi_testkit::{TestHomeserver, TestUser};

/// A fresh profile in its own temporary folder.
struct TestProfile {
    profile: Arc<Profile>,
    dir: tempfile::TempDir,
}

/// Logs to stderr, which nextest shows for a failed test: what the send queue,
/// the crypto layer and Kaigi did is then there to read. `KAIGI_TEST_LOG`
/// overrides the filter.
fn init_logging() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let filter = tracing_subscriber::EnvFilter::try_from_env("KAIGI_TEST_LOG")
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(DEFAULT_LOG));
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    });
}

const DEFAULT_LOG: &str = "warn,kaigi_core=info,matrix_sdk::send_queue=trace,matrix_sdk::room=info,\
    matrix_sdk_crypto::session_manager=debug,matrix_sdk_crypto::machine=info";

fn new_profile() -> TestProfile {
    init_logging();
    let dir = tempfile::tempdir().unwrap();
    let profile = Arc::new(Profile::open(dir.path()).unwrap());
    TestProfile { profile, dir }
}

fn homeserver() -> TestHomeserver {
    TestHomeserver::from_env().unwrap()
}

async fn signed_in(prefix: &str) -> (TestUser, TestProfile, Session) {
    signed_in_at(&homeserver(), prefix).await
}

async fn signed_in_at(hs: &TestHomeserver, prefix: &str) -> (TestUser, TestProfile, Session) {
    let user = hs.register_random(prefix).await.unwrap();
    let profile = new_profile();
    let session = Session::sign_in(
        profile.profile.clone(),
        &hs.url,
        &user.localpart,
        &user.password,
    )
    .await
    .unwrap();
    (user, profile, session)
}

/// Polls `check` until it returns `Some`, or fails after `secs` seconds.
async fn eventually<T>(secs: u64, what: &str, check: impl AsyncFnMut() -> Option<T>) -> T {
    eventually_or_explain(secs, what, check, String::new).await
}

/// [`eventually`], and on a timeout the failure also says what `explain` finds.
async fn eventually_or_explain<T>(
    secs: u64,
    what: &str,
    mut check: impl AsyncFnMut() -> Option<T>,
    explain: impl FnOnce() -> String,
) -> T {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if tokio::time::Instant::now() >= deadline {
            panic!("timed out waiting for {what}\n{}", explain());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for the invitation to `room_id`, then joins it.
async fn joined(session: &Session, room_id: &str) {
    let id = matrix_sdk::ruma::RoomId::parse(room_id).unwrap();
    eventually(30, "the invitation", async || {
        session
            .client()
            .get_room(&id)
            .filter(|r| r.state() == matrix_sdk::RoomState::Invited)
    })
    .await;
    kaigi_core::chat::rooms::join(session, room_id)
        .await
        .unwrap();
}

/// Waits until `session` sees `count` joined members in `room_id`, so what it
/// sends there is encrypted for all of them.
async fn members_joined(session: &Session, room_id: &str, count: usize) {
    let id = matrix_sdk::ruma::RoomId::parse(room_id).unwrap();
    eventually(30, "the members to join", async || {
        let room = session.client().get_room(&id)?;
        let members = room
            .members_no_sync(matrix_sdk::RoomMemberships::JOIN)
            .await
            .ok()?;
        (members.len() == count).then_some(())
    })
    .await;
}

/// Makes `session` fetch `user`'s devices now. A verification request from a
/// device the receiver does not know is ignored by the crypto layer.
async fn knows_devices(session: &Session, user: &str) {
    let user = matrix_sdk::ruma::UserId::parse(user).unwrap();
    eventually(60, "the other user's devices", async || {
        session
            .client()
            .encryption()
            .request_user_identity(&user)
            .await
            .ok()?;
        let devices = session
            .client()
            .encryption()
            .get_user_devices(&user)
            .await
            .ok()?;
        (devices.devices().count() > 0).then_some(())
    })
    .await;
}
