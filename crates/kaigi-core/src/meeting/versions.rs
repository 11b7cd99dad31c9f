//! My personal annotations follow a material to its new version: when a
//! version is opened, the annotations of its older versions (on this device)
//! are carried over by text quote and page, once per pair of versions.

use std::collections::BTreeSet;

use kaigi_pdf::PdfClient;
use kaigi_pdf::protocol::PageText;
use kaigi_pdf::reanchor;
use serde::Serialize;

use super::MeetingError;
use super::local::LocalMeetings;
use crate::store::annotation_carries::UnplacedNote;

/// What opening a version did with the annotations of older ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CarryReport {
    /// How many annotations moved to this version just now.
    pub moved: u32,
    /// Notes of older versions that found no place in this one (they stay
    /// on the older version, listed here until deleted there).
    pub unplaced: Vec<UnplacedNote>,
}

impl LocalMeetings {
    /// Carries my annotations of the material's older versions to the
    /// version `event_id`, reading both versions' text with `pdf`.
    pub fn carry_annotations(
        &self,
        room_id: &str,
        event_id: &str,
        pdf: &PdfClient,
    ) -> Result<CarryReport, MeetingError> {
        let materials = self.materials(room_id)?;
        let this = materials
            .iter()
            .find(|m| m.event_id == event_id)
            .ok_or_else(|| MeetingError::NoSuchMaterial(event_id.to_owned()))?;
        let store = self.store();
        let mut older: Vec<_> = materials
            .iter()
            .filter(|m| m.id == this.id && m.version < this.version && m.sha256 != this.sha256)
            .collect();
        older.sort_by_key(|m| std::cmp::Reverse(m.version));
        let mut new_text: Option<Vec<PageText>> = None;
        let mut moved = 0;
        for old in older {
            let annotations = store.annotations(&old.sha256)?;
            if annotations.is_empty() || store.carried(&old.sha256, &this.sha256)? || !old.cached {
                continue;
            }
            if new_text.is_none() {
                let bytes = self.material_bytes(room_id, &this.event_id)?;
                new_text = Some(page_texts(pdf, bytes, None)?);
            }
            let Some(new) = &new_text else { continue };
            let pages: BTreeSet<u32> = annotations.iter().map(|a| a.page).collect();
            let old_text = page_texts(
                pdf,
                self.material_bytes(room_id, &old.event_id)?,
                Some(&pages),
            )?;
            let carried = reanchor::carry(&annotations, &old_text, new);
            tracing::info!(
                material = %this.id,
                from = old.version,
                to = this.version,
                moved = carried.placed.len(),
                unplaced = carried.unplaced.len(),
                "annotations carried to a new version"
            );
            moved +=
                store.carry_annotations(&old.sha256, &this.sha256, &carried, crate::now_ms())?;
        }
        Ok(CarryReport {
            moved: u32::try_from(moved).unwrap_or(u32::MAX),
            unplaced: store.unplaced_notes(&this.sha256)?,
        })
    }
}

/// The text of each page of the PDF `bytes`; with `only`, the other pages
/// are left empty.
fn page_texts(
    pdf: &PdfClient,
    bytes: Vec<u8>,
    only: Option<&BTreeSet<u32>>,
) -> Result<Vec<PageText>, MeetingError> {
    let info = pdf.open_bytes(bytes, None)?;
    let texts: Result<Vec<PageText>, _> = (0..info.page_count)
        .map(|p| match only {
            Some(pages) if !pages.contains(&p) => Ok(PageText { runs: Vec::new() }),
            _ => pdf.page_text(info.id, p),
        })
        .collect();
    pdf.close(info.id);
    Ok(texts?)
}
