//! The worker process itself: how it is started, and the thread that reads
//! its replies.

use std::ffi::OsString;
use std::io::{BufReader, BufWriter};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};

use crate::PdfError;
use crate::protocol::{Reply, read_frame};

/// How the worker process is started: normally the app's own executable with
/// a subcommand.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// Extra environment for the worker (it inherits the app's otherwise).
    pub env: Vec<(OsString, OsString)>,
}

impl WorkerCommand {
    /// The running executable with `subcommand` as its only argument.
    pub fn current_exe(subcommand: &str) -> Result<Self, PdfError> {
        let program = std::env::current_exe()
            .map_err(|e| PdfError::WorkerUnavailable(format!("cannot find own executable: {e}")))?;
        Ok(Self {
            program,
            args: vec![subcommand.into()],
            env: Vec::new(),
        })
    }
}

pub(super) type Frame = std::io::Result<(Reply, Vec<u8>)>;

pub(super) struct Worker {
    pub child: Child,
    pub stdin: BufWriter<ChildStdin>,
    pub replies: Receiver<Frame>,
    pub generation: u64,
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(super) fn spawn(command: &WorkerCommand, generation: u64) -> std::io::Result<Worker> {
    let mut child = Command::new(&command.program)
        .args(&command.args)
        .envs(command.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let stdin = child
        .stdin
        .take()
        .ok_or_else(|| std::io::Error::other("no stdin"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| std::io::Error::other("no stdout"))?;
    let (tx, replies) = mpsc::channel();
    std::thread::Builder::new()
        .name(format!("pdf-worker-{generation}"))
        .spawn(move || {
            let mut input = BufReader::with_capacity(1 << 20, stdout);
            loop {
                let frame = match read_frame::<Reply>(&mut input) {
                    Ok(Some(frame)) => Ok(frame),
                    Ok(None) => Err(std::io::ErrorKind::UnexpectedEof.into()),
                    Err(e) => Err(e),
                };
                let end = frame.is_err();
                if tx.send(frame).is_err() || end {
                    return;
                }
            }
        })?;
    tracing::info!(pid = child.id(), generation, "PDF worker started");
    Ok(Worker {
        child,
        stdin: BufWriter::new(stdin),
        replies,
        generation,
    })
}
