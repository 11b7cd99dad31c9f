//! Rooms the user is looking at (or a verification is running in) get a
//! sliding-sync room subscription: every new event arrives at once, not just
//! the latest one per room as in the room list. The SDK replaces the whole
//! subscription set on each call, so the set is kept here, counted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use matrix_sdk::ruma::{OwnedRoomId, RoomId};
use matrix_sdk_ui::sync_service::SyncService;

pub struct Interests {
    counts: Mutex<HashMap<OwnedRoomId, usize>>,
    sync: Arc<SyncService>,
}

/// Keeps its room subscribed while it lives.
pub struct RoomInterest {
    interests: Arc<Interests>,
    room: OwnedRoomId,
}

impl Interests {
    pub fn new(sync: Arc<SyncService>) -> Arc<Self> {
        Arc::new(Self {
            counts: Mutex::default(),
            sync,
        })
    }

    pub async fn add(self: &Arc<Self>, room: &RoomId) -> RoomInterest {
        *self
            .counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(room.to_owned())
            .or_default() += 1;
        self.apply().await;
        RoomInterest {
            interests: self.clone(),
            room: room.to_owned(),
        }
    }

    async fn apply(&self) {
        let rooms: Vec<OwnedRoomId> = self
            .counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .keys()
            .cloned()
            .collect();
        let refs: Vec<&RoomId> = rooms.iter().map(AsRef::as_ref).collect();
        self.sync
            .room_list_service()
            .subscribe_to_rooms(&refs)
            .await;
    }
}

impl Drop for RoomInterest {
    fn drop(&mut self) {
        {
            let mut counts = self
                .interests
                .counts
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if let Some(n) = counts.get_mut(&self.room) {
                *n -= 1;
                if *n == 0 {
                    counts.remove(&self.room);
                }
            }
        }
        let interests = self.interests.clone();
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move { interests.apply().await });
        }
    }
}
