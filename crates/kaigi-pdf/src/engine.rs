//! The PDF engine: one thread owns PDFium (which is not thread-safe) and every
//! open document, and serves requests sent over a channel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;

use pdfium_render::prelude::*;
use serde::Serialize;

use crate::PdfError;
use crate::library;

/// An open document, valid for the engine that opened it.
pub type DocumentId = u32;

/// What the viewer needs to know about a freshly opened document.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DocumentInfo {
    pub id: DocumentId,
    pub page_count: u32,
    /// The title from the document's metadata, if it has one.
    pub title: Option<String>,
    /// Size of each page in PDF points (width, height).
    pub page_sizes: Vec<(f32, f32)>,
}

/// Pixels of one rendered page: tightly packed RGBA, `width * height * 4` bytes.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

type Reply<T> = mpsc::Sender<Result<T, PdfError>>;

enum Job {
    Open {
        path: PathBuf,
        password: Option<String>,
        reply: Reply<DocumentInfo>,
    },
    Render {
        doc: DocumentId,
        index: u32,
        scale: f32,
        reply: Reply<RenderedPage>,
    },
    Text {
        doc: DocumentId,
        index: u32,
        reply: Reply<String>,
    },
    Close {
        doc: DocumentId,
    },
}

/// Handle to the engine thread. Dropping it stops the thread.
pub struct PdfEngine {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl PdfEngine {
    /// Binds libpdfium and starts the engine thread. Fails with
    /// [`PdfError::LibraryMissing`] when no libpdfium can be found.
    pub fn start() -> Result<Self, PdfError> {
        let (jobs, rx) = mpsc::channel();
        let (ready_tx, ready_rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("pdfium".into())
            .spawn(move || match bind() {
                Ok(pdfium) => {
                    let _ = ready_tx.send(Ok(()));
                    serve(&pdfium, rx);
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                }
            })
            .map_err(|e| PdfError::Render(format!("cannot start the PDF thread: {e}")))?;
        ready_rx.recv().map_err(|_| PdfError::EngineStopped)??;
        Ok(Self {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Opens a PDF file. A wrong or missing password gives [`PdfError::PasswordRequired`].
    pub fn open(&self, path: &Path, password: Option<&str>) -> Result<DocumentInfo, PdfError> {
        self.ask(|reply| Job::Open {
            path: path.to_owned(),
            password: password.map(str::to_owned),
            reply,
        })
    }

    /// Renders page `index` (0-based) at `scale` pixels per PDF point.
    pub fn render_page(
        &self,
        doc: DocumentId,
        index: u32,
        scale: f32,
    ) -> Result<RenderedPage, PdfError> {
        self.ask(|reply| Job::Render {
            doc,
            index,
            scale,
            reply,
        })
    }

    /// The text of page `index`, in reading order as PDFium extracts it.
    pub fn page_text(&self, doc: DocumentId, index: u32) -> Result<String, PdfError> {
        self.ask(|reply| Job::Text { doc, index, reply })
    }

    /// Closes a document; unknown ids are ignored.
    pub fn close(&self, doc: DocumentId) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Job::Close { doc });
        }
    }

    fn ask<T>(&self, job: impl FnOnce(Reply<T>) -> Job) -> Result<T, PdfError> {
        let (reply, answer) = mpsc::channel();
        let jobs = self.jobs.as_ref().ok_or(PdfError::EngineStopped)?;
        jobs.send(job(reply)).map_err(|_| PdfError::EngineStopped)?;
        answer.recv().map_err(|_| PdfError::EngineStopped)?
    }
}

impl Drop for PdfEngine {
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn bind() -> Result<Pdfium, PdfError> {
    let candidates = library::candidates();
    if let Some(path) = candidates.iter().find(|p| p.is_file()) {
        return Pdfium::bind_to_library(path).map(Pdfium::new).map_err(|e| {
            PdfError::LibraryUnloadable {
                path: path.clone(),
                reason: e.to_string(),
            }
        });
    }
    Pdfium::bind_to_system_library()
        .map(Pdfium::new)
        .map_err(|_| PdfError::LibraryMissing {
            searched: candidates,
        })
}

fn serve(pdfium: &Pdfium, jobs: mpsc::Receiver<Job>) {
    let mut docs: HashMap<DocumentId, PdfDocument<'_>> = HashMap::new();
    let mut next_id: DocumentId = 1;
    for job in jobs {
        match job {
            Job::Open {
                path,
                password,
                reply,
            } => {
                let opened = open(pdfium, &path, password.as_deref()).and_then(|doc| {
                    let info = describe(next_id, &doc)?;
                    docs.insert(next_id, doc);
                    next_id += 1;
                    Ok(info)
                });
                let _ = reply.send(opened);
            }
            Job::Render {
                doc,
                index,
                scale,
                reply,
            } => {
                let _ = reply.send(with_page(&docs, doc, index, |page| render(page, scale)));
            }
            Job::Text { doc, index, reply } => {
                let _ = reply.send(with_page(&docs, doc, index, |page| {
                    page.text()
                        .map(|t| t.all())
                        .map_err(|e| PdfError::Render(e.to_string()))
                }));
            }
            Job::Close { doc } => {
                docs.remove(&doc);
            }
        }
    }
}

fn open<'a>(
    pdfium: &'a Pdfium,
    path: &Path,
    password: Option<&str>,
) -> Result<PdfDocument<'a>, PdfError> {
    let bytes = std::fs::read(path).map_err(|source| PdfError::Io {
        path: path.to_owned(),
        source,
    })?;
    pdfium
        .load_pdf_from_byte_vec(bytes, password)
        .map_err(open_error)
}

fn open_error(e: PdfiumError) -> PdfError {
    match e {
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::PasswordError) => {
            PdfError::PasswordRequired
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::SecurityError) => {
            PdfError::UnsupportedSecurity
        }
        other => PdfError::Malformed(other.to_string()),
    }
}

fn describe(id: DocumentId, doc: &PdfDocument<'_>) -> Result<DocumentInfo, PdfError> {
    let pages = doc.pages();
    let page_count = u32::try_from(pages.len()).unwrap_or(0);
    if page_count == 0 {
        return Err(PdfError::Malformed("the document has no pages".into()));
    }
    let page_sizes = (0..pages.len())
        .map(|i| {
            pages
                .page_size(i)
                .map(|r| (r.width().value, r.height().value))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PdfError::Malformed(e.to_string()))?;
    let title = doc
        .metadata()
        .get(PdfDocumentMetadataTagType::Title)
        .map(|t| t.value().trim().to_owned())
        .filter(|t| !t.is_empty());
    Ok(DocumentInfo {
        id,
        page_count,
        title,
        page_sizes,
    })
}

fn with_page<T>(
    docs: &HashMap<DocumentId, PdfDocument<'_>>,
    doc: DocumentId,
    index: u32,
    f: impl FnOnce(&PdfPage<'_>) -> Result<T, PdfError>,
) -> Result<T, PdfError> {
    let document = docs.get(&doc).ok_or(PdfError::UnknownDocument(doc))?;
    let count = u32::try_from(document.pages().len()).unwrap_or(0);
    let page_index = i32::try_from(index)
        .ok()
        .filter(|_| index < count)
        .ok_or(PdfError::PageOutOfRange { index, count })?;
    let page = document
        .pages()
        .get(page_index)
        .map_err(|e| PdfError::Render(e.to_string()))?;
    f(&page)
}

/// Pages larger than this many pixels on a side are scaled down to fit.
const MAX_SIDE_PX: f32 = 8192.0;

fn render(page: &PdfPage<'_>, scale: f32) -> Result<RenderedPage, PdfError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(PdfError::Render(format!("invalid scale {scale}")));
    }
    let (w_pt, h_pt) = (page.width().value, page.height().value);
    let fit = (MAX_SIDE_PX / (w_pt * scale))
        .min(MAX_SIDE_PX / (h_pt * scale))
        .min(1.0);
    let width = ((w_pt * scale * fit).round() as i32).max(1);
    let height = ((h_pt * scale * fit).round() as i32).max(1);
    let config = PdfRenderConfig::new()
        .set_target_size(width, height)
        .render_form_data(true)
        .render_annotations(true)
        .set_reverse_byte_order(true);
    let bitmap = page
        .render_with_config(&config)
        .map_err(|e| PdfError::Render(e.to_string()))?;
    let (bw, bh) = (bitmap.width() as u32, bitmap.height() as u32);
    let rgba = bitmap.as_raw_bytes();
    if rgba.len() != (bw as usize) * (bh as usize) * 4 {
        return Err(PdfError::Render("unexpected bitmap stride".into()));
    }
    Ok(RenderedPage {
        width: bw,
        height: bh,
        rgba,
    })
}
