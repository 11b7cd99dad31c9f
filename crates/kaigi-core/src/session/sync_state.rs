//! Whether the session is syncing, as the header's connection indicator shows it.

use matrix_sdk_ui::sync_service::State;
use serde::Serialize;

use super::Session;
use crate::TaskHandle;

/// The connection state the UI shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SyncState {
    /// Starting up, not yet synced.
    Connecting,
    /// Syncing with the homeserver.
    Online,
    /// The homeserver cannot be reached; writes are queued and sync retries.
    Offline,
    /// Sync stopped after an error.
    Error,
}

impl From<&State> for SyncState {
    fn from(state: &State) -> Self {
        match state {
            State::Idle => Self::Connecting,
            State::Running => Self::Online,
            State::Offline => Self::Offline,
            State::Terminated | State::Error(_) => Self::Error,
        }
    }
}

impl Session {
    /// The connection state now.
    pub fn sync_state(&self) -> SyncState {
        SyncState::from(&self.sync_service().state().get())
    }

    /// Calls `on_change` with the current state and each change after it, until
    /// the returned handle is dropped.
    pub fn watch_sync_state(&self, on_change: impl Fn(SyncState) + Send + 'static) -> TaskHandle {
        let mut states = self.sync_service().state();
        TaskHandle::spawn(async move {
            on_change(SyncState::from(&states.get()));
            while let Some(state) = states.next().await {
                on_change(SyncState::from(&state));
            }
        })
    }
}
