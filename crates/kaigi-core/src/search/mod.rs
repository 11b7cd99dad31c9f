//! Full-text search over decrypted messages and meeting materials' pages,
//! Japanese included.

pub(crate) mod feed;
mod index;
pub mod material_pages;
pub mod tokens;

pub use index::{IndexedMessage, MessageHit, SearchIndex};
