//! The app's side of the PDF worker: starts the worker process, sends it
//! requests with timeouts, and restarts it when it dies or hangs.
//!
//! The client remembers every open document's bytes and password, so after a
//! restart documents are reopened in the new worker on their next request.
//! The request that was running when the worker died fails with
//! [`PdfError::WorkerCrashed`] (a message for that document only); a document
//! that kills the worker [`MAX_CRASHES`] times is refused from then on.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use sha2::{Digest, Sha256};

mod exchange;
mod process;
mod types;

use exchange::{Failure, unexpected};
use process::Worker;
pub use process::WorkerCommand;
pub use types::{DocumentId, DocumentInfo, RenderedPage, Timeouts};

use crate::PdfError;
use crate::annotation::Annotation;
use crate::protocol::{
    OutlineItem, PageText, PixelEncoding, PixelRegion, Reply, Request, SearchHit,
};

/// Crashes of the worker while serving one document before it is refused.
pub const MAX_CRASHES: u32 = 2;

/// Handle to the PDF worker. Requests are served one at a time.
pub struct PdfClient {
    command: WorkerCommand,
    timeouts: Timeouts,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    worker: Option<Worker>,
    generation: u64,
    next_id: DocumentId,
    docs: HashMap<DocumentId, Doc>,
}

struct Doc {
    bytes: Arc<Vec<u8>>,
    password: Option<String>,
    /// The worker generation that has this document open, if any.
    loaded_in: Option<u64>,
    crashes: u32,
}

impl PdfClient {
    /// Starts the worker and checks that it can bind libpdfium; fails with
    /// [`PdfError::LibraryMissing`] (or another reason) when it cannot.
    pub fn start(command: WorkerCommand) -> Result<Self, PdfError> {
        Self::with_timeouts(command, Timeouts::default())
    }

    pub fn with_timeouts(command: WorkerCommand, timeouts: Timeouts) -> Result<Self, PdfError> {
        let client = Self {
            command,
            timeouts,
            state: Mutex::new(State {
                next_id: 1,
                ..State::default()
            }),
        };
        let mut state = client.lock();
        match client.call(&mut state, &Request::Hello, &[], timeouts.open) {
            Ok((Reply::Done, _)) => {}
            Ok((Reply::Failed(e), _)) => return Err(e),
            Ok(_) => return Err(PdfError::WorkerUnavailable("unexpected reply".into())),
            Err(Failure::Died) => {
                return Err(PdfError::WorkerUnavailable(
                    "the worker exited at start".into(),
                ));
            }
            Err(Failure::TimedOut(_)) => {
                return Err(PdfError::WorkerUnavailable(
                    "the worker did not start".into(),
                ));
            }
        }
        drop(state);
        Ok(client)
    }

    /// The worker's process id, when one is running.
    pub fn worker_pid(&self) -> Option<u32> {
        self.lock().worker.as_ref().map(|w| w.child.id())
    }

    /// Opens a PDF file. A wrong or missing password gives [`PdfError::PasswordRequired`].
    pub fn open(&self, path: &Path, password: Option<&str>) -> Result<DocumentInfo, PdfError> {
        self.open_bytes(read_file(path)?, password)
    }

    /// Opens a PDF held in memory (a decrypted meeting material, say).
    pub fn open_bytes(
        &self,
        bytes: Vec<u8>,
        password: Option<&str>,
    ) -> Result<DocumentInfo, PdfError> {
        self.open_shared(Arc::new(bytes), password)
    }

    /// Opens a PDF whose bytes another holder shares (a second worker, say).
    pub fn open_shared(
        &self,
        bytes: Arc<Vec<u8>>,
        password: Option<&str>,
    ) -> Result<DocumentInfo, PdfError> {
        let sha256 = hex::encode(Sha256::digest(bytes.as_slice()));
        let mut state = self.lock();
        let id = state.next_id;
        state.next_id = state.next_id.wrapping_add(1).max(1);
        state.docs.insert(
            id,
            Doc {
                bytes,
                password: password.map(str::to_owned),
                loaded_in: None,
                crashes: 0,
            },
        );
        match self.load(&mut state, id) {
            Ok(opened) => Ok(DocumentInfo {
                id,
                page_count: opened.page_count,
                title: opened.title,
                page_sizes: opened.page_sizes,
                sha256,
            }),
            Err(e) => {
                state.docs.remove(&id);
                Err(e)
            }
        }
    }

    /// Renders page `index` (0-based) at `scale` pixels per PDF point.
    pub fn render_page(
        &self,
        doc: DocumentId,
        index: u32,
        scale: f32,
    ) -> Result<RenderedPage, PdfError> {
        self.render_rgba(doc, index, scale, None)
    }

    /// Renders `region` (pixels of the page rendered whole at `scale`).
    pub fn render_region(
        &self,
        doc: DocumentId,
        index: u32,
        scale: f32,
        region: PixelRegion,
    ) -> Result<RenderedPage, PdfError> {
        self.render_rgba(doc, index, scale, Some(region))
    }

    /// Renders page `index` (or `region` of it) at `scale` in the
    /// [`crate::runs`] format, which carries its own size.
    pub fn render_runs(
        &self,
        doc: DocumentId,
        index: u32,
        scale: f32,
        region: Option<PixelRegion>,
    ) -> Result<Vec<u8>, PdfError> {
        match self.render(doc, index, scale, region, PixelEncoding::Runs)? {
            (Reply::Rendered { .. }, runs)
                if runs.starts_with(&crate::runs::MAGIC.to_le_bytes()) =>
            {
                Ok(runs)
            }
            (other, _) => Err(unexpected(other)),
        }
    }

    fn render_rgba(
        &self,
        doc: DocumentId,
        page: u32,
        scale: f32,
        region: Option<PixelRegion>,
    ) -> Result<RenderedPage, PdfError> {
        match self.render(doc, page, scale, region, PixelEncoding::Rgba)? {
            (Reply::Rendered { width, height }, rgba)
                if rgba.len() == (width as usize) * (height as usize) * 4 =>
            {
                Ok(RenderedPage {
                    width,
                    height,
                    rgba,
                })
            }
            (other, _) => Err(unexpected(other)),
        }
    }

    fn render(
        &self,
        doc: DocumentId,
        page: u32,
        scale: f32,
        region: Option<PixelRegion>,
        encoding: PixelEncoding,
    ) -> Result<(Reply, Vec<u8>), PdfError> {
        let request = Request::Render {
            doc,
            page,
            scale,
            region,
            encoding,
        };
        self.ask(doc, &request, self.timeouts.render)
    }

    /// The page's text as positioned runs.
    pub fn page_text(&self, doc: DocumentId, page: u32) -> Result<PageText, PdfError> {
        match self.ask(doc, &Request::Text { doc, page }, self.timeouts.text)? {
            (Reply::Text(text), _) => Ok(text),
            (other, _) => Err(unexpected(other)),
        }
    }

    /// Every match of `query` in the document.
    pub fn search(&self, doc: DocumentId, query: &str) -> Result<Vec<SearchHit>, PdfError> {
        let request = Request::Search {
            doc,
            query: query.to_owned(),
        };
        match self.ask(doc, &request, self.timeouts.search)? {
            (Reply::Search { hits }, _) => Ok(hits),
            (other, _) => Err(unexpected(other)),
        }
    }

    /// The document's outline, empty when it has none.
    pub fn outline(&self, doc: DocumentId) -> Result<Vec<OutlineItem>, PdfError> {
        match self.ask(doc, &Request::Outline { doc }, self.timeouts.text)? {
            (Reply::Outline { items }, _) => Ok(items),
            (other, _) => Err(unexpected(other)),
        }
    }

    /// The document's bytes with `annotations` written in as PDF annotations.
    pub fn export(
        &self,
        doc: DocumentId,
        annotations: Vec<Annotation>,
    ) -> Result<Vec<u8>, PdfError> {
        let request = Request::Export { doc, annotations };
        match self.ask(doc, &request, self.timeouts.export)? {
            (Reply::Exported, bytes) => Ok(bytes),
            (other, _) => Err(unexpected(other)),
        }
    }

    /// Closes a document; unknown ids are ignored.
    pub fn close(&self, doc: DocumentId) {
        let mut state = self.lock();
        if let Some(closed) = state.docs.remove(&doc)
            && closed.loaded_in == Some(state.generation)
        {
            let _ = self.call(&mut state, &Request::Close { doc }, &[], self.timeouts.text);
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sends a request about `doc`, reopening it first in a fresh worker.
    fn ask(
        &self,
        doc: DocumentId,
        request: &Request,
        timeout: Duration,
    ) -> Result<(Reply, Vec<u8>), PdfError> {
        let mut state = self.lock();
        let entry = state.docs.get(&doc).ok_or(PdfError::UnknownDocument(doc))?;
        if entry.crashes >= MAX_CRASHES {
            return Err(PdfError::DocumentPoisoned);
        }
        if self.ensure_worker(&mut state).is_err() {
            return Err(PdfError::WorkerUnavailable(
                "the worker process could not be started".into(),
            ));
        }
        let entry = state.docs.get(&doc).ok_or(PdfError::UnknownDocument(doc))?;
        if entry.loaded_in != Some(state.generation) {
            self.load(&mut state, doc)?;
        }
        match self.call(&mut state, request, &[], timeout) {
            Ok((Reply::Failed(e), _)) => Err(e),
            Ok(answer) => Ok(answer),
            Err(failure) => Err(self.blame(&mut state, doc, failure)),
        }
    }

    /// Opens `doc` in the current worker (starting one if needed).
    fn load(
        &self,
        state: &mut State,
        doc: DocumentId,
    ) -> Result<crate::protocol::OpenedDocument, PdfError> {
        let entry = state.docs.get(&doc).ok_or(PdfError::UnknownDocument(doc))?;
        let bytes = Arc::clone(&entry.bytes);
        let request = Request::Open {
            doc,
            password: entry.password.clone(),
        };
        match self.call(state, &request, &bytes, self.timeouts.open) {
            Ok((Reply::Opened(opened), _)) => {
                let generation = state.generation;
                if let Some(entry) = state.docs.get_mut(&doc) {
                    entry.loaded_in = Some(generation);
                }
                Ok(opened)
            }
            Ok((Reply::Failed(e), _)) => Err(e),
            Ok((other, _)) => Err(unexpected(other)),
            Err(failure) => Err(self.blame(state, doc, failure)),
        }
    }
}

/// A PDF file's bytes, or why they could not be read.
pub fn read_file(path: &Path) -> Result<Vec<u8>, PdfError> {
    std::fs::read(path).map_err(|e| PdfError::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}
