//! Other participants, driven headless through kaigi-core while the window is
//! driven through WebDriver.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Result, bail};
use kaigi_core::chat::{ListDiff, MessageEntry, OpenRoom, TimelineEntry};
use kaigi_core::profile::Profile;
use kaigi_core::session::Session;
use kaigi_testkit::{TestHomeserver, TestUser};

/// A signed-in participant with its own profile folder.
pub struct Peer {
    pub session: Session,
    _dir: tempfile::TempDir,
}

impl Peer {
    pub async fn sign_in(hs: &TestHomeserver, user: &TestUser) -> Result<Self> {
        log_peers();
        let dir = tempfile::tempdir()?;
        let profile = Arc::new(Profile::open(dir.path())?);
        let session = Session::sign_in(profile, &hs.url, &user.localpart, &user.password).await?;
        Ok(Self { session, _dir: dir })
    }

    /// Fetches `user_id`'s devices from the homeserver until at least one is
    /// known, so what this peer sends is encrypted for them too.
    pub async fn knows_devices_of(&self, user_id: &str) -> Result<()> {
        let user = matrix_sdk::ruma::UserId::parse(user_id)?;
        let encryption = self.session.client().encryption();
        for _ in 0..300 {
            let _ = encryption.request_user_identity(&user).await;
            if encryption
                .get_user_devices(&user)
                .await?
                .devices()
                .next()
                .is_some()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("{user_id} has no devices")
    }

    /// Opens a room and keeps a copy of its timeline up to date.
    pub async fn watch(&self, room_id: &str) -> Result<Watched> {
        let entries = Arc::new(Mutex::new(Vec::new()));
        let sink = entries.clone();
        let room = OpenRoom::open(
            &self.session,
            room_id,
            move |diffs: Vec<ListDiff<TimelineEntry>>| {
                let mut list = sink.lock().expect("timeline lock");
                diffs.into_iter().for_each(|d| d.apply_to(&mut list));
            },
        )
        .await?;
        Ok(Watched { room, entries })
    }
}

/// An open room and what its timeline shows.
pub struct Watched {
    pub room: OpenRoom,
    pub entries: Arc<Mutex<Vec<TimelineEntry>>>,
}

impl Watched {
    /// The first message matching `pick`, if it is there.
    pub fn find(&self, pick: impl Fn(&MessageEntry) -> bool) -> Option<MessageEntry> {
        self.entries
            .lock()
            .expect("timeline lock")
            .iter()
            .find_map(|e| match e {
                TimelineEntry::Message(m) if pick(m) => Some((**m).clone()),
                _ => None,
            })
    }

    pub fn has(&self, body: &str) -> bool {
        self.find(|m| m.body == body).is_some()
    }
}

/// Polls `check` until it is true, or fails after `secs` seconds.
pub async fn wait_for(secs: u64, what: &str, check: impl Fn() -> bool) -> Result<()> {
    for _ in 0..secs * 10 {
        if check() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("timed out waiting for {what}")
}

/// What the peers log: the timeline in full, so a failure shows what
/// reached them and how. `KAIGI_PEER_LOG` (a tracing filter) overrides it.
const PEER_LOG: &str = "info,matrix_sdk_ui::timeline=trace,matrix_sdk::event_cache=debug";

#[derive(Clone)]
struct LogWriter(crate::harness::SharedLog);

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn log_peers() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let filter = std::env::var("KAIGI_PEER_LOG").unwrap_or_else(|_| PEER_LOG.to_owned());
        let writer = LogWriter(crate::harness::peer_log().clone());
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .try_init();
    });
}
