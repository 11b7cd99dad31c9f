//! This device's copy of its meetings: the events Kaigi acts on (materials,
//! receipts, details, the presenter's position, redactions) in
//! `kaigi.sqlite`, sealed, and the materials' bytes in the encrypted cache.
//! Everything the meeting screen shows offline comes from here.
//!
//! Events arrive twice at most (live from the sync, and from a history
//! scan); applying one again changes nothing.

use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;
use tokio::sync::broadcast;

use super::MeetingError;
use super::cache::{MaterialCache, Sealer};
use super::event::{Meeting, PresenterEventContent};
use super::material::meta_of;
use crate::profile::Profile;
use crate::store::meeting_log::LoggedEvent;

mod incoming;
mod read;

pub use incoming::{Incoming, Kind, MeetingUpdate};

/// A state event's content with the time it was sent, sealed as one.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stamped {
    ts_ms: i64,
    content: Value,
}

pub struct LocalMeetings {
    profile: Arc<Profile>,
    sealer: Sealer,
    cache: MaterialCache,
    updates: broadcast::Sender<MeetingUpdate>,
    /// Serialises read-compare-write of the latest state.
    state_lock: Mutex<()>,
    /// Rooms whose presenter was asked of the homeserver in this run.
    presenter_asked: Mutex<std::collections::HashSet<String>>,
}

impl LocalMeetings {
    pub async fn open(profile: Arc<Profile>) -> Result<Self, MeetingError> {
        let (sealer, fresh) = Sealer::from_keychain(profile.keychain()).await?;
        let cache = MaterialCache::new(Self::cache_dir(&profile));
        if fresh {
            // Whatever was sealed under another key is unreadable now.
            profile.store().forget_meetings()?;
            cache.wipe_all()?;
        }
        Ok(Self {
            profile,
            sealer,
            cache,
            updates: broadcast::channel(256).0,
            state_lock: Mutex::default(),
            presenter_asked: Mutex::default(),
        })
    }

    fn cache_dir(profile: &Profile) -> std::path::PathBuf {
        profile.dir().join("materials")
    }

    /// Signing out: the meetings, the cached materials and their key go.
    pub async fn forget_all(profile: &Profile) -> Result<(), MeetingError> {
        profile.store().forget_meetings()?;
        MaterialCache::new(Self::cache_dir(profile)).wipe_all()?;
        Sealer::forget(profile.keychain()).await
    }

    /// Every change from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<MeetingUpdate> {
        self.updates.subscribe()
    }

    fn notify(&self, update: MeetingUpdate) {
        // No subscriber is fine.
        let _ = self.updates.send(update);
    }

    /// Who may do what changed (the power levels): the screen reads it again.
    pub(crate) fn notify_roles(&self, room_id: &str) {
        self.notify(MeetingUpdate::Details {
            room_id: room_id.to_owned(),
        });
    }

    pub(crate) fn notify_prefetch(&self, room_id: &str, cached: u32, total: u32) {
        self.notify(MeetingUpdate::Prefetch {
            room_id: room_id.to_owned(),
            cached,
            total,
        });
    }

    pub(crate) fn store(&self) -> &crate::store::LocalStore {
        self.profile.store()
    }

    /// Applies one event of the meeting room `room_id`.
    pub fn apply(&self, room_id: &str, event: &Incoming) -> Result<(), MeetingError> {
        match event.kind {
            Kind::Material
            | Kind::Received
            | Kind::Annotation
            | Kind::PollStart
            | Kind::PollResponse
            | Kind::PollEnd => {
                // A meeting closed with revoke keeps no materials or notes,
                // even ones that sync in after the revoke.
                if matches!(event.kind, Kind::Material | Kind::Annotation)
                    && self.revoked(room_id)?
                {
                    return Ok(());
                }
                let sha256 = meta_of(&event.content).map(|m| m.sha256);
                let logged = LoggedEvent {
                    room_id: room_id.to_owned(),
                    event_id: event.event_id.clone(),
                    kind: event.kind.name().to_owned(),
                    sender: event.sender.clone(),
                    ts_ms: event.ts_ms,
                    sha256,
                    sealed: self.sealer.seal(&serde_json::to_vec(&event.content)?),
                };
                if self.store().log_meeting_event(&logged)? {
                    self.notify(Self::changed(room_id, event.kind));
                }
            }
            Kind::Meeting => {
                if self.put_state(room_id, event.kind, event.ts_ms, &event.content)? {
                    let meeting: Meeting =
                        serde_json::from_value(event.content["meeting"].clone())?;
                    if meeting.revoke {
                        self.revoke_here(room_id)?;
                    }
                    self.notify(MeetingUpdate::Details {
                        room_id: room_id.to_owned(),
                    });
                }
            }
            Kind::Presenter => {
                // Followers' screens move first; the position is kept after.
                let newer = self
                    .state::<Value>(room_id, event.kind)?
                    .is_none_or(|(kept, _)| kept < event.ts_ms);
                if newer {
                    let position: PresenterEventContent =
                        serde_json::from_value(event.content.clone())?;
                    self.notify(MeetingUpdate::Presenter {
                        room_id: room_id.to_owned(),
                        position: position.into(),
                    });
                    self.put_state(room_id, event.kind, event.ts_ms, &event.content)?;
                }
            }
            Kind::Redaction => {
                let Some(target) = event.content["redacts"].as_str() else {
                    return Ok(());
                };
                let material = self
                    .logged(room_id, "material")?
                    .into_iter()
                    .find(|e| e.event_id == target);
                if self.store().forget_meeting_event(room_id, target)? {
                    let kind = if material.is_some() {
                        Kind::Material
                    } else {
                        Kind::Annotation
                    };
                    if let Some(sha256) = material.and_then(|m| m.sha256) {
                        self.wipe_unless_used(&sha256)?;
                    }
                    self.notify(Self::changed(room_id, kind));
                }
            }
        }
        Ok(())
    }

    fn changed(room_id: &str, kind: Kind) -> MeetingUpdate {
        let room_id = room_id.to_owned();
        match kind {
            Kind::Annotation => MeetingUpdate::Annotations { room_id },
            Kind::PollStart | Kind::PollResponse | Kind::PollEnd => {
                MeetingUpdate::Votes { room_id }
            }
            _ => MeetingUpdate::Materials { room_id },
        }
    }

    /// Keeps `content` as the latest state of its kind unless a newer one is
    /// kept already. Whether it was kept.
    fn put_state(
        &self,
        room_id: &str,
        kind: Kind,
        ts_ms: i64,
        content: &Value,
    ) -> Result<bool, MeetingError> {
        let _guard = self
            .state_lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(kept) = self.state::<Value>(room_id, kind)?
            && kept.0 > ts_ms
        {
            return Ok(false);
        }
        let stamped = Stamped {
            ts_ms,
            content: content.clone(),
        };
        let sealed = self.sealer.seal(&serde_json::to_vec(&stamped)?);
        self.store()
            .put_meeting_state(room_id, kind.name(), &sealed)?;
        Ok(true)
    }

    /// The latest state of `kind` kept here, with when it was sent.
    fn state<T: serde::de::DeserializeOwned>(
        &self,
        room_id: &str,
        kind: Kind,
    ) -> Result<Option<(i64, T)>, MeetingError> {
        let Some(sealed) = self.store().meeting_state(room_id, kind.name())? else {
            return Ok(None);
        };
        let stamped: Stamped = serde_json::from_slice(&self.sealer.open(&sealed)?)?;
        Ok(Some((
            stamped.ts_ms,
            serde_json::from_value(stamped.content)?,
        )))
    }

    /// The meeting's details as last seen.
    pub fn details(&self, room_id: &str) -> Result<Option<Meeting>, MeetingError> {
        #[derive(serde::Deserialize)]
        struct Content {
            meeting: Meeting,
        }
        Ok(self
            .state::<Content>(room_id, Kind::Meeting)?
            .map(|(_, c)| c.meeting))
    }

    /// Keeps details read from the homeserver (sent at `ts_ms`).
    pub fn put_details(
        &self,
        room_id: &str,
        meeting: &Meeting,
        ts_ms: i64,
    ) -> Result<(), MeetingError> {
        let content = serde_json::json!({ "meeting": meeting });
        self.put_state(room_id, Kind::Meeting, ts_ms, &content)?;
        Ok(())
    }

    /// The presenter's position as last seen.
    pub fn presenter(&self, room_id: &str) -> Result<Option<PresenterEventContent>, MeetingError> {
        Ok(self.state(room_id, Kind::Presenter)?.map(|(_, p)| p))
    }

    /// Whether the homeserver was asked for the presenter of `room_id` in
    /// this run (see [`Self::presenter_answered`]).
    pub(crate) fn presenter_asked(&self, room_id: &str) -> bool {
        self.presenter_asked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(room_id)
    }

    /// Keeps the homeserver's answer about the presenter of `room_id`: the
    /// position (older than any the sync brings), or that there is none.
    pub(crate) fn presenter_answered(
        &self,
        room_id: &str,
        position: Option<&PresenterEventContent>,
    ) -> Result<(), MeetingError> {
        if let Some(position) = position {
            self.put_state(
                room_id,
                Kind::Presenter,
                0,
                &serde_json::to_value(position)?,
            )?;
        }
        self.presenter_asked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(room_id.to_owned());
        Ok(())
    }

    fn logged(&self, room_id: &str, kind: &str) -> Result<Vec<LoggedEvent>, MeetingError> {
        Ok(self.store().meeting_events(room_id, kind)?)
    }

    fn content(&self, event: &LoggedEvent) -> Result<Value, MeetingError> {
        Ok(serde_json::from_slice(&self.sealer.open(&event.sealed)?)?)
    }

    pub fn cache_bytes(&self, sha256: &str, bytes: &[u8]) -> Result<(), MeetingError> {
        self.cache.put(&self.sealer, sha256, bytes)
    }

    /// Whether a material's bytes are on this device.
    pub fn has_bytes(&self, sha256: &str) -> bool {
        self.cache.has(sha256)
    }

    /// Wipes the bytes unless another meeting still has the same file.
    fn wipe_unless_used(&self, sha256: &str) -> Result<(), MeetingError> {
        if !self.store().material_logged(sha256)? {
            self.cache.wipe(sha256)?;
        }
        Ok(())
    }

    /// Revoked: forgets the meeting's materials and wipes their bytes.
    fn revoke_here(&self, room_id: &str) -> Result<(), MeetingError> {
        let materials = self.logged(room_id, "material")?;
        self.store().forget_meeting_events(room_id, "material")?;
        self.store().forget_meeting_events(room_id, "annotation")?;
        for sha256 in materials.into_iter().filter_map(|m| m.sha256) {
            self.wipe_unless_used(&sha256)?;
        }
        tracing::info!(room = room_id, "materials revoked and wiped");
        self.notify(MeetingUpdate::Revoked {
            room_id: room_id.to_owned(),
        });
        Ok(())
    }

    /// Whether the meeting was closed with revoke.
    pub fn revoked(&self, room_id: &str) -> Result<bool, MeetingError> {
        Ok(self.details(room_id)?.is_some_and(|m| m.revoke))
    }
}
