//! Tauri commands, one file per area. Each parses, calls kaigi-core or
//! kaigi-pdf once, and maps the error.

pub mod app;
pub mod attachments;
pub mod chat;
pub mod meetings;
pub mod pdf;
pub mod people;
pub mod rooms;
pub mod security;
pub mod session;
pub mod status;

/// Now, in milliseconds since the epoch: the time the core is given.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
