//! The values the client hands out: document ids and facts, rendered pixels,
//! and the time limits it holds the worker to.

use std::time::Duration;

use serde::Serialize;

/// An open document, valid for the client that opened it.
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
    /// SHA-256 of the file's bytes, hex: the key of its annotations.
    pub sha256: String,
}

/// Pixels of one rendered page: tightly packed RGBA, `width * height * 4` bytes.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// How long each kind of request may take before the worker is presumed hung.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub open: Duration,
    pub render: Duration,
    pub text: Duration,
    pub search: Duration,
    pub export: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            open: Duration::from_secs(30),
            render: Duration::from_secs(20),
            text: Duration::from_secs(20),
            search: Duration::from_secs(60),
            export: Duration::from_secs(120),
        }
    }
}
