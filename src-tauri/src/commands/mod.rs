//! Tauri commands, one file per area. Each parses, calls kaigi-core or
//! kaigi-pdf once, and maps the error.

pub mod app;
pub mod attachments;
pub mod chat;
pub mod pdf;
pub mod people;
pub mod rooms;
pub mod security;
pub mod session;
pub mod status;
