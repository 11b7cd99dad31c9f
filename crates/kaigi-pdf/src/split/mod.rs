//! Renders a page (or a region of it) on two workers at once: the top half on
//! the main worker and the bottom half on a helper, joined with
//! [`runs::stack`] into the same bytes one worker would give. A page the user
//! waits for arrives in about 60% of one worker's time.
//!
//! The helper only renders; text, search and export stay with the main
//! client. A document joins the helper after its first page has rendered, so
//! opening it costs no more than before. Until then, while the helper is busy,
//! and for good if the helper fails on a document, its pages render whole on
//! the main worker. Prefetched pages render whole on the helper when it is
//! free, which keeps the main worker free for the page on screen.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

mod rows;

use crate::client::read_file;
use crate::document::pixel_size;
use crate::protocol::PixelRegion;
use crate::{DocumentId, DocumentInfo, PdfClient, PdfError, WorkerCommand, runs};
use rows::halves;

/// Page sizes in points, to cut pages in two.
type Sizes = Arc<[(f32, f32)]>;

/// The main client and a helper worker that renders alongside it.
pub struct SplitRenderer {
    main: Arc<PdfClient>,
    helper_command: WorkerCommand,
    helper: OnceLock<Option<PdfClient>>,
    docs: Mutex<HashMap<DocumentId, Mirror>>,
    helper_busy: AtomicBool,
}

/// A document's copy in the helper.
enum Mirror {
    /// Open in the main worker only, so far.
    Waiting {
        bytes: Arc<Vec<u8>>,
        password: Option<String>,
        sizes: Sizes,
    },
    Opening,
    Ready {
        id: DocumentId,
        sizes: Sizes,
    },
    /// The helper cannot serve it: its pages render on the main worker.
    Off,
}

impl SplitRenderer {
    /// `helper` starts the helper worker when the first document joins it.
    pub fn new(main: Arc<PdfClient>, helper: WorkerCommand) -> Arc<Self> {
        Arc::new(Self {
            main,
            helper_command: helper,
            helper: OnceLock::new(),
            docs: Mutex::new(HashMap::new()),
            helper_busy: AtomicBool::new(false),
        })
    }

    /// The client that serves everything but pixels.
    pub fn main(&self) -> &Arc<PdfClient> {
        &self.main
    }

    /// Opens a PDF file for viewing.
    pub fn open(&self, path: &Path, password: Option<&str>) -> Result<DocumentInfo, PdfError> {
        self.open_bytes(read_file(path)?, password)
    }

    /// Opens a PDF held in memory for viewing.
    pub fn open_bytes(
        &self,
        bytes: Vec<u8>,
        password: Option<&str>,
    ) -> Result<DocumentInfo, PdfError> {
        let bytes = Arc::new(bytes);
        let info = self.main.open_shared(Arc::clone(&bytes), password)?;
        self.lock().insert(
            info.id,
            Mirror::Waiting {
                bytes,
                password: password.map(str::to_owned),
                sizes: info.page_sizes.iter().copied().collect(),
            },
        );
        Ok(info)
    }

    /// Closes a document in both workers.
    pub fn close(&self, doc: DocumentId) {
        let mirror = self.lock().remove(&doc);
        self.main.close(doc);
        if let (Some(Mirror::Ready { id, .. }), Some(helper)) = (mirror, self.helper()) {
            helper.close(id);
        }
    }

    /// Renders page `index` (or `region` of it) at `scale` in the
    /// [`runs`] format. `background` marks a prefetch.
    pub fn render_runs(
        self: &Arc<Self>,
        doc: DocumentId,
        index: u32,
        scale: f32,
        region: Option<PixelRegion>,
        background: bool,
    ) -> Result<Vec<u8>, PdfError> {
        let helper = match self.ready(doc) {
            Some(ready) if region.is_none() || !background => {
                self.claim_helper().map(|busy| (ready, busy))
            }
            _ => None,
        };
        let Some(((helper_doc, sizes), _busy)) = helper else {
            let whole = self.main.render_runs(doc, index, scale, region)?;
            self.share_later(doc);
            return Ok(whole);
        };
        let halves = sizes
            .get(index as usize)
            .and_then(|&(w, h)| halves(pixel_size(w, h, scale), region));
        let outcome = match halves {
            _ if background => self.helper_whole(helper_doc, index, scale),
            Some((top, bottom)) => self.split(doc, helper_doc, index, scale, top, bottom),
            None => Err(Helper::Unused),
        };
        match outcome {
            Ok(runs) => Ok(runs),
            Err(Helper::Main(e)) => Err(e),
            Err(Helper::Failed(e)) => {
                tracing::warn!(doc, error = %e, "the helper PDF worker failed; rendering on one");
                self.turn_off(doc, helper_doc);
                self.main.render_runs(doc, index, scale, region)
            }
            Err(Helper::Unused) => self.main.render_runs(doc, index, scale, region),
        }
    }

    /// Opens `doc` in the helper now (normally done in the background after
    /// its first page). Fails when the helper cannot serve it.
    pub fn share(&self, doc: DocumentId) -> Result<(), PdfError> {
        let (bytes, password, sizes) = {
            let mut docs = self.lock();
            match docs.get_mut(&doc) {
                Some(Mirror::Ready { .. }) => return Ok(()),
                Some(waiting @ Mirror::Waiting { .. }) => {
                    match std::mem::replace(waiting, Mirror::Opening) {
                        Mirror::Waiting {
                            bytes,
                            password,
                            sizes,
                        } => (bytes, password, sizes),
                        _ => return Err(PdfError::UnknownDocument(doc)),
                    }
                }
                _ => return Err(PdfError::UnknownDocument(doc)),
            }
        };
        let opened = match self.helper() {
            Some(helper) => helper.open_shared(bytes, password.as_deref()),
            None => Err(PdfError::WorkerUnavailable(
                "the helper worker did not start".into(),
            )),
        };
        let mut docs = self.lock();
        match (opened, docs.get_mut(&doc)) {
            (Ok(info), Some(entry)) => {
                *entry = Mirror::Ready { id: info.id, sizes };
                Ok(())
            }
            (Ok(info), None) => {
                // Closed while it was opening.
                drop(docs);
                if let Some(helper) = self.helper() {
                    helper.close(info.id);
                }
                Err(PdfError::UnknownDocument(doc))
            }
            (Err(e), entry) => {
                if let Some(entry) = entry {
                    *entry = Mirror::Off;
                }
                Err(e)
            }
        }
    }

    /// Whether `doc`'s pages are rendered on both workers now.
    pub fn is_shared(&self, doc: DocumentId) -> bool {
        self.ready(doc).is_some()
    }

    /// The helper worker's process id, when one is running.
    pub fn helper_pid(&self) -> Option<u32> {
        self.helper.get()?.as_ref()?.worker_pid()
    }

    fn split(
        &self,
        doc: DocumentId,
        helper_doc: DocumentId,
        index: u32,
        scale: f32,
        top: PixelRegion,
        bottom: PixelRegion,
    ) -> Result<Vec<u8>, Helper> {
        let (top, bottom) = std::thread::scope(|scope| {
            let bottom = scope.spawn(|| self.render_on_helper(helper_doc, index, scale, bottom));
            let top = self.main.render_runs(doc, index, scale, Some(top));
            (top, bottom.join())
        });
        let top = top.map_err(Helper::Main)?;
        let bottom = bottom
            .map_err(|_| Helper::Failed(PdfError::Render("the helper thread panicked".into())))?
            .map_err(Helper::Failed)?;
        runs::stack(&top, &bottom).ok_or_else(|| {
            Helper::Failed(PdfError::Render(
                "the two halves do not fit together".into(),
            ))
        })
    }

    fn helper_whole(
        &self,
        helper_doc: DocumentId,
        index: u32,
        scale: f32,
    ) -> Result<Vec<u8>, Helper> {
        match self.helper() {
            Some(helper) => helper
                .render_runs(helper_doc, index, scale, None)
                .map_err(Helper::Failed),
            None => Err(Helper::Unused),
        }
    }

    fn render_on_helper(
        &self,
        helper_doc: DocumentId,
        index: u32,
        scale: f32,
        region: PixelRegion,
    ) -> Result<Vec<u8>, PdfError> {
        let helper = self
            .helper()
            .ok_or_else(|| PdfError::WorkerUnavailable("no helper worker".into()))?;
        helper.render_runs(helper_doc, index, scale, Some(region))
    }

    /// Opens `doc` in the helper on a thread of its own, if it is waiting.
    fn share_later(self: &Arc<Self>, doc: DocumentId) {
        if !matches!(self.lock().get(&doc), Some(Mirror::Waiting { .. })) {
            return;
        }
        let this = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("pdf-share".into())
            .spawn(move || {
                if let Err(e) = this.share(doc) {
                    tracing::info!(doc, error = %e, "pages of this document render on one worker");
                }
            });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "cannot start a thread to share a document");
        }
    }

    fn ready(&self, doc: DocumentId) -> Option<(DocumentId, Sizes)> {
        match self.lock().get(&doc) {
            Some(Mirror::Ready { id, sizes }) => Some((*id, Arc::clone(sizes))),
            _ => None,
        }
    }

    fn turn_off(&self, doc: DocumentId, helper_doc: DocumentId) {
        if let Some(entry) = self.lock().get_mut(&doc) {
            *entry = Mirror::Off;
        }
        if let Some(helper) = self.helper() {
            helper.close(helper_doc);
        }
    }

    /// The helper, if free: it stays claimed until the guard drops.
    fn claim_helper(&self) -> Option<Busy<'_>> {
        (!self.helper_busy.swap(true, Ordering::AcqRel)).then_some(Busy(&self.helper_busy))
    }

    fn helper(&self) -> Option<&PdfClient> {
        self.helper
            .get_or_init(|| match PdfClient::start(self.helper_command.clone()) {
                Ok(client) => Some(client),
                Err(e) => {
                    tracing::warn!(error = %e, "no helper PDF worker; pages render on one");
                    None
                }
            })
            .as_ref()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<DocumentId, Mirror>> {
        self.docs.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// How using the helper went wrong.
enum Helper {
    /// The main worker's part failed: the document's own error.
    Main(PdfError),
    /// The helper failed; the main worker can still render the page.
    Failed(PdfError),
    /// The helper had nothing to do (a page too small to cut).
    Unused,
}

/// Marks the helper busy while alive.
struct Busy<'a>(&'a AtomicBool);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}
