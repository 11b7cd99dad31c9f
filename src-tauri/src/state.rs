//! What the shell keeps between commands: the profile, the signed-in session
//! and the live subscriptions the window holds.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use kaigi_core::TaskHandle;
use kaigi_core::chat::{OpenRoom, RoomListSubscription};
use kaigi_core::profile::Profile;
use kaigi_core::session::Session;
use tauri::{AppHandle, Manager};

/// `KAIGI_DATA_DIR` overrides where the profile lives.
pub const DATA_DIR_VAR: &str = "KAIGI_DATA_DIR";

pub fn data_dir(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    match std::env::var_os(DATA_DIR_VAR).filter(|v| !v.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(app.path().app_data_dir()?),
    }
}

pub struct AppState {
    pub profile: Arc<Profile>,
    pub started: Instant,
    /// The session, once restored or signed in. The lock also serialises
    /// sign-in, restore and sign-out.
    pub session: tokio::sync::Mutex<SessionSlot>,
    live: Mutex<Live>,
}

#[derive(Default)]
pub struct SessionSlot {
    pub restore_tried: bool,
    pub session: Option<Arc<Session>>,
}

/// Subscriptions owned by the window; dropping one stops its stream.
#[derive(Default)]
pub struct Live {
    pub sync_state: Option<TaskHandle>,
    pub room_list: Option<RoomListSubscription>,
    pub rooms: HashMap<String, Arc<OpenRoom>>,
    pub typing: HashMap<String, kaigi_core::chat::TypingSubscription>,
    pub verifications: Option<Arc<kaigi_core::security::Verifications>>,
    pub board: Option<kaigi_core::status::board::BoardWatch>,
    pub autopilot: Option<Arc<kaigi_core::status::autopilot::Autopilot>>,
    /// The meeting on screen.
    pub meeting: Option<kaigi_core::meeting::MeetingWatch>,
    /// Reads arriving materials into the search index.
    pub material_index: Option<TaskHandle>,
}

impl AppState {
    pub fn open(
        data_dir: &Path,
        started: Instant,
    ) -> Result<Self, kaigi_core::profile::ProfileError> {
        Ok(Self {
            profile: Arc::new(Profile::open(data_dir)?),
            started,
            session: tokio::sync::Mutex::default(),
            live: Mutex::default(),
        })
    }

    pub fn live(&self) -> MutexGuard<'_, Live> {
        // A panic while holding this lock leaves only subscription handles behind.
        self.live
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub async fn session(&self) -> Option<Arc<Session>> {
        self.session.lock().await.session.clone()
    }
}
