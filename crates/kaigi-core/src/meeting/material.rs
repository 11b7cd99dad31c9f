//! Meeting materials: PDFs attached to agenda items.
//!
//! A material is an ordinary `m.file` message (an encrypted attachment in the
//! encrypted meeting room, so other Matrix clients show it as a file) that
//! also carries `jp.kaigi.material`: its id, agenda item, version, SHA-256
//! and page count. A new version keeps the id and raises the version.

use std::io::Cursor;

use serde::{Deserialize, Serialize};

use super::MeetingError;
use super::cache::sha256_hex;
use super::local::Kind;
use crate::session::Session;

/// The key of Kaigi's metadata in a material's `m.file` content.
pub const MATERIAL_KEY: &str = "jp.kaigi.material";
/// The event type of a participant's receipt for materials on their device.
pub const RECEIVED_TYPE: &str = "jp.kaigi.material.received";
/// The largest material accepted, in bytes.
pub const MAX_MATERIAL_BYTES: usize = 200 * 1024 * 1024;

/// Kaigi's metadata of a material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialMeta {
    pub id: String,
    /// The agenda item's id.
    pub item: String,
    /// 1 for the first upload, then one more for each replacement.
    pub version: u32,
    pub sha256: String,
    pub pages: u32,
}

/// A material as the meeting screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Material {
    /// The `m.file` event: what opens, receipts and revocation refer to.
    pub event_id: String,
    pub id: String,
    pub item: String,
    pub version: u32,
    /// Whether no newer version has been attached.
    pub latest: bool,
    pub name: String,
    pub sha256: String,
    pub pages: u32,
    #[specta(type = f64)]
    pub size: u64,
    pub sender: String,
    #[specta(type = f64)]
    pub sent_at: i64,
    /// Whether the bytes are on this device.
    pub cached: bool,
    /// Who has confirmed it is on their device, the sender included.
    pub received_by: Vec<String>,
}

/// A PDF the organiser attaches; the caller has opened it with PDFium to
/// check it and count its pages.
#[derive(Debug, Clone)]
pub struct NewMaterial {
    pub item: String,
    pub name: String,
    pub bytes: Vec<u8>,
    pub pages: u32,
    /// The id of the material this one replaces, as its next version.
    pub replaces: Option<String>,
}

/// The material metadata of a message content, if it is a material.
pub fn meta_of(content: &serde_json::Value) -> Option<MaterialMeta> {
    if content.get("msgtype")?.as_str()? != "m.file" || content.get("file").is_none() {
        return None;
    }
    serde_json::from_value(content.get(MATERIAL_KEY)?.clone()).ok()
}

/// Uploads the PDF encrypted and posts it to the meeting. Returns the event id.
pub async fn attach_material(
    session: &Session,
    room_id: &str,
    new: NewMaterial,
) -> Result<String, MeetingError> {
    let room = super::create::meeting_room(session, room_id)?;
    let local = session.meetings();
    if new.bytes.len() > MAX_MATERIAL_BYTES {
        return Err(MeetingError::TooLarge);
    }
    let meeting = super::list::current_details(session, &room).await?;
    if !meeting.is_some_and(|m| m.agenda.iter().any(|a| a.id == new.item)) {
        return Err(MeetingError::NoSuchItem(new.item));
    }
    let (id, version) = match &new.replaces {
        Some(id) => {
            let previous = local
                .materials(room_id)?
                .into_iter()
                .filter(|m| &m.id == id)
                .map(|m| m.version)
                .max()
                .ok_or_else(|| MeetingError::NoSuchMaterial(id.clone()))?;
            (id.clone(), previous + 1)
        }
        None => (super::create::new_id("material"), 1),
    };
    let sha256 = sha256_hex(&new.bytes);
    let file = session
        .client()
        .upload_encrypted_file(&mut Cursor::new(&new.bytes))
        .await?;
    let content = serde_json::json!({
        "msgtype": "m.file",
        "body": new.name,
        "filename": new.name,
        "file": file,
        "info": { "mimetype": "application/pdf", "size": new.bytes.len() },
        MATERIAL_KEY: MaterialMeta { id, item: new.item, version, sha256: sha256.clone(), pages: new.pages },
    });
    // Cached before it is sent, so the organiser never downloads their own.
    local.cache_bytes(&sha256, &new.bytes)?;
    let response = room.send_raw("m.room.message", content.clone()).await?;
    local.apply(
        room_id,
        &super::local::Incoming {
            event_id: response.response.event_id.to_string(),
            kind: Kind::Material,
            sender: session.user_id().to_string(),
            ts_ms: crate::now_ms(),
            content,
        },
    )?;
    tracing::info!(room = room_id, version, "attached a material");
    Ok(response.response.event_id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_with_kaigis_metadata_are_materials() {
        let meta =
            serde_json::json!({"id": "m1", "item": "i1", "version": 2, "sha256": "ab", "pages": 3});
        let material = serde_json::json!({"msgtype": "m.file", "file": {}, "body": "a.pdf", MATERIAL_KEY: meta});
        assert_eq!(meta_of(&material).unwrap().version, 2);
        let plain_file = serde_json::json!({"msgtype": "m.file", "file": {}, "body": "a.pdf"});
        assert!(meta_of(&plain_file).is_none());
        let text = serde_json::json!({"msgtype": "m.text", "body": "a", MATERIAL_KEY: meta});
        assert!(meta_of(&text).is_none());
        let broken = serde_json::json!({"msgtype": "m.file", "file": {}, MATERIAL_KEY: {"id": 1}});
        assert!(meta_of(&broken).is_none());
    }
}
