//! Kaigi's domain and services, free of any window toolkit.
//!
//! - [`profile`]: a local profile — its data folder, keychain entries and `kaigi.sqlite`.
//! - [`session`]: signing in to a homeserver, restoring and signing out.
//! - [`chat`]: the room list and room timelines, streamed as diffs.
//! - [`security`]: cross-signing, key backup with a recovery key, emoji verification.
//! - [`status`]: my work location and availability.
//! - [`keychain`]: secrets in the OS keychain (Secret Service on Linux).
//! - [`store`]: `kaigi.sqlite`, with versioned migrations.
//! - [`ErrorCode`]: the closed set of error codes the UI matches on.

pub mod chat;
mod clock;
mod error_code;
mod homeserver_error;
pub mod keychain;
pub mod meeting;
pub mod ns;
pub mod profile;
pub mod search;
pub mod security;
pub mod session;
pub mod status;
pub mod store;
mod task;

pub use clock::now_ms;
pub use error_code::{ErrorCode, HasErrorCode};
pub use task::TaskHandle;
