//! matrix-nio (Python, from PyPI), the independent client tests compare with.

use std::process::Command;

use anyhow::{Context, Result, ensure};

use crate::synapse::repo_root;
use crate::{TestHomeserver, TestUser};

/// Runs `tests/interop/nio_client.py` as `user`; returns its standard output.
pub fn nio(hs: &TestHomeserver, user: &TestUser, args: &[&str]) -> Result<String> {
    let venv = std::env::var("KAIGI_VENV")
        .context("KAIGI_VENV is not set: run through scripts/test.sh")?;
    let (command, rest) = args.split_first().context("nio: no command")?;
    let output = Command::new(format!("{venv}/bin/python"))
        .arg(repo_root().join("tests/interop/nio_client.py"))
        .args([
            command,
            hs.url.as_str(),
            user.user_id.as_str(),
            user.password.as_str(),
        ])
        .args(rest)
        .output()
        .context("running matrix-nio")?;
    ensure!(
        output.status.success(),
        "matrix-nio {command} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8(output.stdout)?.trim().to_owned())
}

/// The message bodies of a room as matrix-nio reads them, oldest first.
pub fn nio_bodies(hs: &TestHomeserver, user: &TestUser, room_id: &str) -> Result<Vec<String>> {
    Ok(serde_json::from_str(&nio(hs, user, &["bodies", room_id])?)?)
}
