//! Full-text search over every material of every meeting on this device.
//!
//! The text of each page is read with PDFium once per material, as it
//! arrives, into the encrypted search index; a material revoked or wiped
//! leaves the index at the next pass. A hit names the meeting, the material
//! and the page.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use kaigi_pdf::{PdfClient, PdfError};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;

use super::local::LocalMeetings;
use super::{Material, MeetingError, MeetingUpdate};
use crate::TaskHandle;
use crate::search::SearchIndex;

/// How long news of materials is gathered before the index is brought up to date.
const SETTLE: Duration = Duration::from_millis(500);

/// A page of a meeting's material that matches a search.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MaterialHit {
    pub room_id: String,
    pub meeting_title: String,
    /// The material's `m.file` event, to open it.
    pub event_id: String,
    pub name: String,
    pub version: u32,
    pub latest: bool,
    /// 0-based.
    pub page: u32,
    /// The text around the match, on one line.
    pub snippet: String,
}

impl LocalMeetings {
    /// Indexes the text of the materials on this device that are not indexed
    /// yet, and forgets those no longer here. Returns how many were indexed.
    /// `pdf` gives the PDF engine, asked for only when there is a material to read.
    pub fn index_materials(
        &self,
        index: &SearchIndex,
        pdf: &dyn Fn() -> Result<Arc<PdfClient>, PdfError>,
    ) -> Result<usize, MeetingError> {
        let indexed = index.indexed_materials()?;
        let here: Vec<String> = self
            .store()
            .material_hashes()?
            .into_iter()
            .filter(|sha| self.has_bytes(sha))
            .collect();
        for gone in indexed.iter().filter(|sha| !here.contains(sha)) {
            index.forget_material(gone)?;
        }
        let mut added = 0;
        let mut client = None;
        for sha in here.iter().filter(|sha| !indexed.contains(*sha)) {
            let bytes = self.cached_bytes(sha)?;
            if client.is_none() {
                client = Some(pdf()?);
            }
            let Some(engine) = &client else { continue };
            let pages = match page_texts(engine, bytes) {
                Ok(pages) => pages,
                Err(e @ (PdfError::LibraryMissing { .. } | PdfError::WorkerUnavailable(_))) => {
                    return Err(e.into());
                }
                Err(e) => {
                    // Indexed without text, so a file PDFium cannot read is
                    // not read again and again.
                    tracing::warn!(sha256 = %sha, error = %e, "material not readable for search");
                    Vec::new()
                }
            };
            index.index_material(sha, &pages)?;
            added += 1;
        }
        Ok(added)
    }

    /// The pages matching `query` across every meeting's materials, best first.
    pub fn search_materials(
        &self,
        index: &SearchIndex,
        query: &str,
        limit: u32,
    ) -> Result<Vec<MaterialHit>, MeetingError> {
        let mut materials: HashMap<String, Vec<Material>> = HashMap::new();
        let mut titles: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        for hit in index.search_pages(query, limit)? {
            for room_id in self.store().material_rooms(&hit.sha256)? {
                if !materials.contains_key(&room_id) {
                    let details = self.details(&room_id)?;
                    if details.as_ref().is_some_and(|m| m.revoke) {
                        materials.insert(room_id.clone(), Vec::new());
                        continue;
                    }
                    titles.insert(
                        room_id.clone(),
                        details.map(|m| m.title).unwrap_or_default(),
                    );
                    materials.insert(room_id.clone(), self.materials(&room_id)?);
                }
                for m in materials[&room_id]
                    .iter()
                    .filter(|m| m.sha256 == hit.sha256 && m.cached)
                {
                    out.push(MaterialHit {
                        room_id: room_id.clone(),
                        meeting_title: titles.get(&room_id).cloned().unwrap_or_default(),
                        event_id: m.event_id.clone(),
                        name: m.name.clone(),
                        version: m.version,
                        latest: m.latest,
                        page: hit.page,
                        snippet: hit.snippet.clone(),
                    });
                }
            }
        }
        Ok(out)
    }
}

/// Every page's text, lines joined by line breaks.
fn page_texts(pdf: &PdfClient, bytes: Vec<u8>) -> Result<Vec<String>, PdfError> {
    let info = pdf.open_bytes(bytes, None)?;
    let pages = (0..info.page_count)
        .map(|p| pdf.page_text(info.id, p).map(|t| t.plain()))
        .collect();
    pdf.close(info.id);
    pages
}

/// Keeps the search index current with the materials on this device, in
/// the background, for as long as the handle is held. `pdf` gives the PDF
/// engine when there is something to read.
pub(crate) fn keep_indexed(
    meetings: Arc<LocalMeetings>,
    index: Arc<SearchIndex>,
    pdf: impl Fn() -> Result<Arc<PdfClient>, PdfError> + Send + Sync + 'static,
) -> TaskHandle {
    let pdf = Arc::new(pdf);
    let mut updates = meetings.subscribe();
    TaskHandle::spawn(async move {
        loop {
            let (meetings, index, pdf) = (meetings.clone(), index.clone(), pdf.clone());
            let run = tokio::task::spawn_blocking(move || meetings.index_materials(&index, &*pdf));
            match run.await {
                Ok(Ok(0)) => {}
                Ok(Ok(n)) => tracing::info!(materials = n, "materials indexed for search"),
                Ok(Err(e)) => tracing::warn!(error = %e, "materials not indexed"),
                Err(e) => tracing::warn!(error = %e, "the material indexer stopped"),
            }
            // Until materials arrive or leave.
            loop {
                match updates.recv().await {
                    Ok(
                        MeetingUpdate::Materials { .. }
                        | MeetingUpdate::Prefetch { .. }
                        | MeetingUpdate::Revoked { .. },
                    )
                    | Err(RecvError::Lagged(_)) => break,
                    Ok(_) => {}
                    Err(RecvError::Closed) => return,
                }
            }
            tokio::time::sleep(SETTLE).await;
            while updates.try_recv().is_ok() {}
        }
    })
}
