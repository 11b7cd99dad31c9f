//! Tooling for Kaigi's tests and demo against a throwaway Synapse started by
//! `scripts/synapse.sh`: it reads the server's address and registration shared
//! secret, and registers users with random suffixes.

mod nio;
mod nio_peer;
mod registration;
mod synapse;

pub use nio::{nio, nio_bodies};
pub use nio_peer::NioPeer;
pub use registration::{TestHomeserver, TestUser};
pub use synapse::{OwnSynapse, repo_root};
