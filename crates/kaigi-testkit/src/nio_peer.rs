//! A long-lived matrix-nio client with end-to-end encryption
//! (`tests/interop/nio_peer.py`), driven one JSON request at a time.

use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use crate::synapse::repo_root;
use crate::{TestHomeserver, TestUser};

/// Longest wait for one answer; `wait` requests carry their own, shorter, limit.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(120);

pub struct NioPeer {
    child: Child,
    stdin: ChildStdin,
    stdout: Lines<BufReader<ChildStdout>>,
    next_id: u64,
    _store: tempfile::TempDir,
}

impl NioPeer {
    /// Signs `user` in with matrix-nio and returns once its first sync is done.
    pub async fn start(hs: &TestHomeserver, user: &TestUser) -> Result<Self> {
        let venv = std::env::var("KAIGI_VENV")
            .context("KAIGI_VENV is not set: run through scripts/test.sh")?;
        let store = tempfile::tempdir()?;
        let mut child = Command::new(format!("{venv}/bin/python"))
            .arg(repo_root().join("tests/interop/nio_peer.py"))
            .args([hs.url.as_str(), &user.user_id, &user.password])
            .arg(store.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .context("starting matrix-nio")?;
        let stdin = child.stdin.take().context("nio stdin")?;
        let stdout = BufReader::new(child.stdout.take().context("nio stdout")?).lines();
        let mut peer = Self {
            child,
            stdin,
            stdout,
            next_id: 0,
            _store: store,
        };
        let ready = peer.answer().await?;
        if ready.get("ok") != Some(&json!("ready")) {
            bail!("matrix-nio did not start: {ready}");
        }
        Ok(peer)
    }

    /// Sends `request` (an object with "cmd") and returns its "ok" value.
    pub async fn call(&mut self, mut request: Value) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        request["id"] = json!(id);
        let mut line = serde_json::to_vec(&request)?;
        line.push(b'\n');
        self.stdin.write_all(&line).await?;
        self.stdin.flush().await?;
        loop {
            let answer = self.answer().await?;
            if answer.get("id") != Some(&json!(id)) {
                continue;
            }
            if let Some(error) = answer.get("error") {
                bail!("matrix-nio {}: {error}", request["cmd"]);
            }
            return Ok(answer.get("ok").cloned().unwrap_or(Value::Null));
        }
    }

    async fn answer(&mut self) -> Result<Value> {
        let line = tokio::time::timeout(ANSWER_TIMEOUT, self.stdout.next_line())
            .await
            .map_err(|_| anyhow!("matrix-nio did not answer"))??
            .ok_or_else(|| anyhow!("matrix-nio exited"))?;
        Ok(serde_json::from_str(&line)?)
    }

    pub async fn join(&mut self, room: &str) -> Result<()> {
        self.call(json!({"cmd": "join", "room": room})).await?;
        Ok(())
    }

    /// Sends an event; returns its event id.
    pub async fn send(&mut self, room: &str, kind: &str, content: Value) -> Result<String> {
        let id = self
            .call(json!({"cmd": "send", "room": room, "type": kind, "content": content}))
            .await?;
        id.as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no event id: {id}"))
    }

    pub async fn send_text(&mut self, room: &str, body: &str) -> Result<String> {
        self.send(
            room,
            "m.room.message",
            json!({"msgtype": "m.text", "body": body}),
        )
        .await
    }

    /// Waits up to `secs` for an event in `room` whose fields include all of
    /// `pattern`'s; returns it (decrypted, as nio sees it).
    pub async fn wait(&mut self, room: &str, pattern: Value, secs: u64) -> Result<Value> {
        self.call(json!({"cmd": "wait", "room": room, "match": pattern, "timeout": secs}))
            .await
            .with_context(|| format!("waiting for {pattern}"))
    }

    /// Uploads the file at `path` and sends it under `name`; returns the event id.
    pub async fn send_file(
        &mut self,
        room: &str,
        path: &std::path::Path,
        name: &str,
    ) -> Result<String> {
        let id = self
            .call(json!({"cmd": "send_file", "room": room, "path": path, "name": name}))
            .await?;
        id.as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no event id: {id}"))
    }

    /// Downloads (and decrypts) the file of an `m.file` content.
    pub async fn download(&mut self, content: &Value) -> Result<Vec<u8>> {
        let hex = self
            .call(json!({"cmd": "download", "content": content}))
            .await?;
        Ok(hex::decode(hex.as_str().unwrap_or_default())?)
    }

    pub async fn quit(mut self) -> Result<()> {
        self.call(json!({"cmd": "quit"})).await?;
        self.child.wait().await?;
        Ok(())
    }
}
