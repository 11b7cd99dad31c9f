//! End-to-end tests of the Kaigi window live in `tests/app/`. They need the
//! test command's environment: Xvfb, a D-Bus session with gnome-keyring,
//! tauri-driver, a local Synapse and a built `kaigi` binary.
