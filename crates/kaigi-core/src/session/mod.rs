//! A signed-in Matrix session: the client, its sync service and its profile.
//!
//! The access token and the store passphrase live only in the keychain; the
//! session file holds just the homeserver, user id and device id.

mod devices;
mod error;
pub(crate) mod interest;
mod saved;
mod send_retry;
mod sign_in;
mod sync_state;

use std::sync::Arc;

use matrix_sdk::Client;
use matrix_sdk::ruma::UserId;
use matrix_sdk_ui::sync_service::SyncService;
use serde::Serialize;

pub(crate) use devices::fetch_if_unknown;
pub use error::SessionError;
pub use interest::RoomInterest;
pub use sync_state::SyncState;

use crate::profile::Profile;

/// Who is signed in, as the UI shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub user_id: String,
    pub device_id: String,
    pub homeserver: String,
}

pub struct Session {
    profile: Arc<Profile>,
    client: Client,
    sync: Arc<SyncService>,
    interests: Arc<interest::Interests>,
    search: Arc<crate::search::SearchIndex>,
    _send_retry: crate::TaskHandle,
    _device_tracking: devices::DeviceTracking,
    _indexing: crate::search::feed::Feed,
    meetings: Arc<crate::meeting::LocalMeetings>,
    _meeting_keeper: crate::meeting::keeper::Keeper,
}

impl Session {
    /// The local full-text index of this session's messages.
    pub fn search(&self) -> &crate::search::SearchIndex {
        &self.search
    }

    /// Keeps the search index current with the materials on this device,
    /// for as long as the handle is held; `pdf` gives the PDF engine.
    pub fn index_materials(
        &self,
        pdf: impl Fn() -> Result<Arc<kaigi_pdf::PdfClient>, kaigi_pdf::PdfError> + Send + Sync + 'static,
    ) -> crate::TaskHandle {
        crate::meeting::material_search::keep_indexed(
            self.meetings.clone(),
            self.search.clone(),
            pdf,
        )
    }

    /// This device's copy of its meetings: details, materials, receipts.
    pub fn meetings(&self) -> &crate::meeting::LocalMeetings {
        &self.meetings
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub fn sync_service(&self) -> &Arc<SyncService> {
        &self.sync
    }

    /// Keeps `room` fully synced (every event, at once) while the guard lives:
    /// for open rooms and running verifications.
    pub async fn keep_synced(&self, room: &matrix_sdk::ruma::RoomId) -> RoomInterest {
        self.interests.add(room).await
    }

    pub(crate) fn interests(&self) -> Arc<interest::Interests> {
        self.interests.clone()
    }

    pub fn user_id(&self) -> &UserId {
        // A Session only exists once the client is signed in.
        self.client
            .user_id()
            .unwrap_or_else(|| unreachable!("a Session is always signed in"))
    }

    pub fn info(&self) -> SessionInfo {
        SessionInfo {
            user_id: self.user_id().to_string(),
            device_id: self
                .client
                .device_id()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            homeserver: self.client.homeserver().to_string(),
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let sync = self.sync.clone();
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move { sync.stop().await });
        }
    }
}
