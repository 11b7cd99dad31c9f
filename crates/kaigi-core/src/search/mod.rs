//! Full-text search over decrypted messages, Japanese included.

pub(crate) mod feed;
mod index;
pub mod tokens;

pub use index::{IndexedMessage, MessageHit, SearchIndex};
