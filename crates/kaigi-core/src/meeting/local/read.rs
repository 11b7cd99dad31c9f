//! Reading this device's copy: materials with their receipts, votes with
//! their tallies, shared annotations, and the materials' bytes.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::super::MeetingError;
use super::super::material::{Material, meta_of};
use super::super::vote;
use crate::store::meeting_log::LoggedEvent;

impl super::LocalMeetings {
    /// The votes of the meeting with their tallies, oldest first.
    pub fn votes(&self, room_id: &str, me: &str) -> Result<Vec<vote::Vote>, MeetingError> {
        let read = |kind: &str| -> Result<Vec<vote::PollEvent>, MeetingError> {
            self.logged(room_id, kind)?
                .into_iter()
                .map(|e| {
                    Ok(vote::PollEvent {
                        content: self.content(&e)?,
                        event_id: e.event_id,
                        sender: e.sender,
                        ts_ms: e.ts_ms,
                    })
                })
                .collect()
        };
        Ok(vote::tally(
            &read("poll-start")?,
            &read("poll-response")?,
            &read("poll-end")?,
            me,
            |sender, start| sender == start.sender,
        ))
    }

    /// The shared annotations on the material `material` (its event id), oldest first.
    pub fn shared_annotations(
        &self,
        room_id: &str,
        material: &str,
    ) -> Result<Vec<super::super::shared::SharedAnnotation>, MeetingError> {
        let mut out = Vec::new();
        for event in self.logged(room_id, "annotation")? {
            let content = self.content(&event)?;
            if content["material"].as_str() != Some(material) {
                continue;
            }
            // A malformed one is skipped, not fatal: others may still show.
            let Ok(annotation) = serde_json::from_value::<kaigi_pdf::annotation::Annotation>(
                content["annotation"].clone(),
            ) else {
                continue;
            };
            if annotation.validate().is_err() {
                continue;
            }
            out.push(super::super::shared::SharedAnnotation {
                event_id: event.event_id,
                sender: event.sender,
                annotation,
            });
        }
        Ok(out)
    }

    /// The materials of the meeting, oldest first, with who has received each.
    pub fn materials(&self, room_id: &str) -> Result<Vec<Material>, MeetingError> {
        let mut received: HashMap<String, BTreeSet<String>> = HashMap::new();
        for receipt in self.logged(room_id, "received")? {
            let content = self.content(&receipt)?;
            for id in content["materials"].as_array().into_iter().flatten() {
                if let Some(id) = id.as_str() {
                    received
                        .entry(id.to_owned())
                        .or_default()
                        .insert(receipt.sender.clone());
                }
            }
        }
        let mut out = Vec::new();
        for event in self.logged(room_id, "material")? {
            let content = self.content(&event)?;
            let Some(meta) = meta_of(&content) else {
                continue;
            };
            let mut by = received.remove(&event.event_id).unwrap_or_default();
            by.insert(event.sender.clone());
            out.push(Material {
                event_id: event.event_id.clone(),
                name: content["body"].as_str().unwrap_or_default().to_owned(),
                size: content["info"]["size"].as_u64().unwrap_or_default(),
                cached: self.cache.has(&meta.sha256),
                latest: true,
                id: meta.id,
                item: meta.item,
                version: meta.version,
                sha256: meta.sha256,
                pages: meta.pages,
                sender: event.sender,
                sent_at: event.ts_ms,
                received_by: by.into_iter().collect(),
            });
        }
        let newest: HashMap<String, u32> = out.iter().fold(HashMap::new(), |mut acc, m| {
            let v = acc.entry(m.id.clone()).or_default();
            *v = (*v).max(m.version);
            acc
        });
        for m in &mut out {
            m.latest = newest.get(&m.id) == Some(&m.version);
        }
        Ok(out)
    }

    /// Every material's logged event with its content.
    pub(crate) fn material_events(
        &self,
        room_id: &str,
    ) -> Result<Vec<(LoggedEvent, Value)>, MeetingError> {
        self.logged(room_id, "material")?
            .into_iter()
            .map(|event| {
                let content = self.content(&event)?;
                Ok((event, content))
            })
            .collect()
    }

    /// The `m.file` content of a material, to download it.
    pub(crate) fn material_content(
        &self,
        room_id: &str,
        event_id: &str,
    ) -> Result<Value, MeetingError> {
        let event = self
            .logged(room_id, "material")?
            .into_iter()
            .find(|e| e.event_id == event_id)
            .ok_or_else(|| MeetingError::NoSuchMaterial(event_id.to_owned()))?;
        self.content(&event)
    }

    /// Whether I have sent a receipt for the material.
    pub(crate) fn receipted(
        &self,
        room_id: &str,
        me: &str,
    ) -> Result<BTreeSet<String>, MeetingError> {
        let mut out = BTreeSet::new();
        for receipt in self.logged(room_id, "received")? {
            if receipt.sender == me {
                let content = self.content(&receipt)?;
                for id in content["materials"].as_array().into_iter().flatten() {
                    out.extend(id.as_str().map(str::to_owned));
                }
            }
        }
        Ok(out)
    }

    /// A material's PDF bytes, from this device.
    pub fn material_bytes(&self, room_id: &str, event_id: &str) -> Result<Vec<u8>, MeetingError> {
        let meta = meta_of(&self.material_content(room_id, event_id)?)
            .ok_or_else(|| MeetingError::NoSuchMaterial(event_id.to_owned()))?;
        self.cached_bytes(&meta.sha256)
    }

    /// The cached bytes of the material with this hash.
    pub(crate) fn cached_bytes(&self, sha256: &str) -> Result<Vec<u8>, MeetingError> {
        self.cache.get(&self.sealer, sha256)
    }
}
