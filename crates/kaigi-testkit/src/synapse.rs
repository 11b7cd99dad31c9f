//! A Synapse of a test's own, for tests that crash and restart the server or
//! need another configuration (they must not disturb the shared one).

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, ensure};

use crate::TestHomeserver;

/// A private Synapse, stopped when dropped.
pub struct OwnSynapse {
    dir: tempfile::TempDir,
    pub homeserver: TestHomeserver,
}

/// The repository root (scripts/, tests/).
pub fn repo_root() -> PathBuf {
    std::env::var_os("KAIGI_ROOT").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."),
        PathBuf::from,
    )
}

fn synapse_sh(command: &str, dir: &std::path::Path) -> Result<()> {
    synapse_sh_with(command, dir, &[])
}

fn synapse_sh_with(command: &str, dir: &std::path::Path, env: &[(&str, &str)]) -> Result<()> {
    let status = Command::new(repo_root().join("scripts/synapse.sh"))
        .arg(command)
        .arg(dir)
        .envs(env.iter().copied())
        .status()
        .with_context(|| format!("running synapse.sh {command}"))?;
    ensure!(status.success(), "synapse.sh {command} failed: {status}");
    Ok(())
}

impl OwnSynapse {
    pub fn start() -> Result<Self> {
        Self::start_with(&[])
    }

    /// With Matrix presence switched off, as many homeservers run.
    pub fn without_presence() -> Result<Self> {
        Self::start_with(&[("KAIGI_SYNAPSE_PRESENCE", "false")])
    }

    /// `env` goes to scripts/synapse.sh, which writes the configuration.
    fn start_with(env: &[(&str, &str)]) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        synapse_sh_with("start", dir.path(), env)?;
        let env = std::fs::read_to_string(dir.path().join("env"))?;
        let value = |key: &str| {
            env.lines()
                .find_map(|l| l.strip_prefix(&format!("{key}=")))
                .map(str::to_owned)
                .with_context(|| format!("{key} missing from synapse env"))
        };
        let homeserver = TestHomeserver::new(
            value("KAIGI_TEST_HOMESERVER")?,
            value("KAIGI_TEST_SHARED_SECRET")?,
        );
        Ok(Self { dir, homeserver })
    }

    /// SIGKILL, as a crash or power cut would.
    pub fn kill(&self) -> Result<()> {
        synapse_sh("kill", self.dir.path())
    }

    /// Starts it again on the same port and database; returns when it answers.
    pub fn restart(&self) -> Result<()> {
        synapse_sh("restart", self.dir.path())
    }
}

impl Drop for OwnSynapse {
    fn drop(&mut self) {
        let _ = synapse_sh("stop", self.dir.path());
    }
}
