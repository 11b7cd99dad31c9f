//! Tooling for Kaigi's tests and demo against a throwaway Synapse started by
//! `scripts/synapse.sh`: it reads the server's address and registration shared
//! secret, and registers users with random suffixes.

mod registration;

pub use registration::{TestHomeserver, TestUser};
