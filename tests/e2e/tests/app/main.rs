//! The real Kaigi window, driven as a person would through tauri-driver and
//! WebKitWebDriver under Xvfb, against a real Synapse.

// Test helpers may unwrap: a failure there is a failed test.
#![allow(clippy::unwrap_used)]

mod annotate;
mod bad_files;
mod chat_and_pdf;
mod chat_files;
mod chat_people;
mod chat_room;
mod harness;
mod hostile_input;
mod meeting_follow;
mod meeting_versions;
mod meetings;
mod payloads;
mod peer;
mod security;
mod sign_in;
mod status_board;
