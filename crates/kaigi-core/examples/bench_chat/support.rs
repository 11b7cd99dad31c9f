//! What the chat benchmarks share: signed-in profiles, waiting, figures.

use std::sync::Arc;
use std::time::{Duration, Instant};

use kaigi_core::profile::Profile;
use kaigi_core::session::Session;
use kaigi_testkit::{TestHomeserver, TestUser};

pub struct Signed {
    pub user: TestUser,
    pub profile: Arc<Profile>,
    pub session: Session,
    pub _dir: tempfile::TempDir,
}

pub async fn signed_in(hs: &TestHomeserver, prefix: &str) -> anyhow::Result<Signed> {
    let user = hs.register_random(prefix).await?;
    let dir = tempfile::tempdir()?;
    let profile = Arc::new(Profile::open(dir.path())?);
    let session =
        Session::sign_in(profile.clone(), &hs.url, &user.localpart, &user.password).await?;
    Ok(Signed {
        user,
        profile,
        session,
        _dir: dir,
    })
}

/// Polls `check` every 20 ms until it returns `Some`, for at most `secs`.
pub async fn until<T>(
    secs: u64,
    what: &str,
    mut check: impl AsyncFnMut() -> Option<T>,
) -> anyhow::Result<T> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = check().await {
            return Ok(v);
        }
        anyhow::ensure!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until `session` sees `count` joined members in `room` and knows a
/// device of each, so what it sends is encrypted for all of them.
pub async fn ready_to_send(session: &Session, room: &str, count: usize) -> anyhow::Result<()> {
    let id = matrix_sdk::ruma::RoomId::parse(room)?;
    let members = until(60, "the members", async || {
        let members = session
            .client()
            .get_room(&id)?
            .members(matrix_sdk::RoomMemberships::JOIN)
            .await
            .ok()?;
        (members.len() == count).then_some(members)
    })
    .await?;
    let encryption = session.client().encryption();
    for m in members {
        let user = m.user_id().to_owned();
        until(60, "a member's devices", async || {
            encryption.request_user_identity(&user).await.ok()?;
            let devices = encryption.get_user_devices(&user).await.ok()?;
            (devices.devices().count() > 0).then_some(())
        })
        .await?;
    }
    Ok(())
}

pub fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

/// The value below which `p` of the sorted samples lie (nearest rank).
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub fn summary(samples: &[f64]) -> String {
    format!(
        "median {:.1} ms, p95 {:.1} ms, max {:.1} ms (n={})",
        percentile(samples, 0.5),
        percentile(samples, 0.95),
        percentile(samples, 1.0),
        samples.len()
    )
}

/// Waits for the invitation to `room`, then joins it.
pub async fn join_when_invited(session: &Session, room: &str) -> anyhow::Result<()> {
    let id = matrix_sdk::ruma::RoomId::parse(room)?;
    until(60, "the invitation", async || {
        session
            .client()
            .get_room(&id)
            .filter(|r| r.state() == matrix_sdk::RoomState::Invited)
    })
    .await?;
    kaigi_core::chat::rooms::join(session, room).await?;
    Ok(())
}
