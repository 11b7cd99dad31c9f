//! The one namespace for Kaigi's custom Matrix types.

/// Prefix of every custom event type, room type and state key Kaigi defines.
pub const NS: &str = "jp.kaigi";
