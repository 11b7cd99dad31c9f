//! One request and its answer, and what happens when the worker dies or
//! hangs instead of answering: it is dropped, to be restarted on the next
//! request, and the document whose request it was is blamed.

use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use super::process::spawn;
use super::{DocumentId, PdfClient, State};
use crate::PdfError;
use crate::protocol::{Reply, Request, write_frame};

/// Why a request got no answer.
pub(super) enum Failure {
    Died,
    TimedOut(Duration),
}

impl PdfClient {
    /// Records that `doc`'s request lost the worker, and says so.
    pub(super) fn blame(&self, state: &mut State, doc: DocumentId, failure: Failure) -> PdfError {
        state.worker = None;
        if let Some(entry) = state.docs.get_mut(&doc) {
            entry.crashes += 1;
            entry.loaded_in = None;
        }
        match failure {
            Failure::Died => {
                tracing::warn!(doc, "the PDF worker died; it restarts on the next request");
                PdfError::WorkerCrashed
            }
            Failure::TimedOut(after) => {
                tracing::warn!(doc, ?after, "the PDF worker hung and was killed");
                PdfError::Timeout {
                    seconds: u32::try_from(after.as_secs()).unwrap_or(u32::MAX),
                }
            }
        }
    }

    /// Makes sure a live worker is running: one that died between requests
    /// is replaced without blaming any document.
    pub(super) fn ensure_worker(&self, state: &mut State) -> Result<(), Failure> {
        if let Some(worker) = state.worker.as_mut()
            && !matches!(worker.child.try_wait(), Ok(None))
        {
            tracing::warn!("the PDF worker had exited; restarting it");
            state.worker = None;
        }
        if state.worker.is_none() {
            state.generation += 1;
            match spawn(&self.command, state.generation) {
                Ok(worker) => state.worker = Some(worker),
                Err(e) => {
                    tracing::error!(error = %e, "cannot start the PDF worker");
                    return Err(Failure::Died);
                }
            }
        }
        Ok(())
    }

    /// One request/response exchange with the worker, starting it if needed.
    pub(super) fn call(
        &self,
        state: &mut State,
        request: &Request,
        blob: &[u8],
        timeout: Duration,
    ) -> Result<(Reply, Vec<u8>), Failure> {
        self.ensure_worker(state)?;
        let Some(worker) = state.worker.as_mut() else {
            return Err(Failure::Died);
        };
        debug_assert_eq!(worker.generation, state.generation);
        if write_frame(&mut worker.stdin, request, blob).is_err() {
            state.worker = None;
            return Err(Failure::Died);
        }
        match worker.replies.recv_timeout(timeout) {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                state.worker = None;
                Err(Failure::Died)
            }
            Err(RecvTimeoutError::Timeout) => {
                state.worker = None;
                Err(Failure::TimedOut(timeout))
            }
        }
    }
}

pub(super) fn unexpected(reply: Reply) -> PdfError {
    match reply {
        Reply::Failed(e) => e,
        other => PdfError::Render(format!("unexpected reply from the PDF worker: {other:?}")),
    }
}
