//! What the worker does with an open document: describe, render, extract
//! text, search and read the outline. Runs only inside the worker process.

use pdfium_render::prelude::*;

use crate::PdfError;
use crate::annotation::Rect;
use crate::frame::PageFrame;
use crate::protocol::{OpenedDocument, OutlineItem, PageText, PixelRegion, SearchHit, TextRun};

/// Pages larger than this many pixels on a side are scaled down to fit.
pub const MAX_SIDE_PX: f32 = 16384.0;
/// Largest bitmap rendered in one piece; bigger requests must ask for regions.
pub const MAX_PIXELS: u64 = 8192 * 8192;
/// Outline entries beyond this are dropped (hostile files nest endlessly).
const MAX_OUTLINE: usize = 5000;
const MAX_OUTLINE_DEPTH: u32 = 32;
/// Search stops after this many hits.
const MAX_HITS: usize = 5000;

pub fn open<'a>(
    pdfium: &'a Pdfium,
    bytes: Vec<u8>,
    password: Option<&str>,
) -> Result<PdfDocument<'a>, PdfError> {
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
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::FormatError) => {
            PdfError::Malformed("the file is not a PDF, or it is damaged beyond repair".into())
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::FileError) => {
            PdfError::Malformed("the file is empty or could not be read as a PDF".into())
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::PageError) => {
            PdfError::Malformed("the PDF's pages could not be read".into())
        }
        other => PdfError::Malformed(format!("PDFium could not read it ({other:?})")),
    }
}

pub fn describe(doc: &PdfDocument<'_>) -> Result<OpenedDocument, PdfError> {
    let pages = doc.pages();
    let page_count = u32::try_from(pages.len()).unwrap_or(0);
    if page_count == 0 {
        return Err(PdfError::Malformed("the document has no pages".into()));
    }
    let page_sizes = (0..pages.len())
        .map(|i| {
            let r = pages
                .page_size(i)
                .map_err(|e| PdfError::Malformed(e.to_string()))?;
            let (w, h) = (r.width().value, r.height().value);
            if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 {
                Ok((w, h))
            } else {
                Err(PdfError::Malformed(format!("page {} has no size", i + 1)))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let title = doc
        .metadata()
        .get(PdfDocumentMetadataTagType::Title)
        .map(|t| t.value().trim().to_owned())
        .filter(|t| !t.is_empty());
    Ok(OpenedDocument {
        page_count,
        title,
        page_sizes,
    })
}

/// Runs `f` on page `index` (0-based).
pub fn with_page<T>(
    doc: &PdfDocument<'_>,
    index: u32,
    f: impl FnOnce(&PdfPage<'_>) -> Result<T, PdfError>,
) -> Result<T, PdfError> {
    let count = u32::try_from(doc.pages().len()).unwrap_or(0);
    let page_index = i32::try_from(index)
        .ok()
        .filter(|_| index < count)
        .ok_or(PdfError::PageOutOfRange { index, count })?;
    let page = doc
        .pages()
        .get(page_index)
        .map_err(|e| PdfError::Render(e.to_string()))?;
    f(&page)
}

/// The full-page size in pixels at `scale`, shrunk to fit [`MAX_SIDE_PX`].
pub fn pixel_size(width_pt: f32, height_pt: f32, scale: f32) -> (u32, u32) {
    let fit = (MAX_SIDE_PX / (width_pt * scale))
        .min(MAX_SIDE_PX / (height_pt * scale))
        .min(1.0);
    let px = |pt: f32| ((pt * scale * fit).round() as u32).max(1);
    (px(width_pt), px(height_pt))
}

/// Renders a page (or `region` of it) at `scale` pixels per point, as RGBA
/// into `pixels` (resized to fit; reusing one buffer saves page faults), and
/// returns the size in pixels.
pub fn render(
    page: &PdfPage<'_>,
    scale: f32,
    region: Option<PixelRegion>,
    pixels: &mut Vec<u8>,
) -> Result<(u32, u32), PdfError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(PdfError::Render(format!("invalid scale {scale}")));
    }
    let (full_w, full_h) = pixel_size(page.width().value, page.height().value, scale);
    let region = region.unwrap_or(PixelRegion {
        x: 0,
        y: 0,
        width: full_w,
        height: full_h,
    });
    let (w, h) = (
        region.width.min(full_w.saturating_sub(region.x)),
        region.height.min(full_h.saturating_sub(region.y)),
    );
    if w == 0 || h == 0 {
        return Err(PdfError::Render("the region lies outside the page".into()));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(PdfError::Render(format!(
            "{w}×{h} pixels is too large for one piece; render it in regions"
        )));
    }
    let px = |v: u32| i32::try_from(v).map_err(|_| PdfError::Render("size overflow".into()));
    // A region is the whole page drawn shifted, so its pixels are exactly the
    // whole page's there: bands rendered apart join without a seam.
    let config = PdfRenderConfig::new()
        .set_target_size(px(full_w)?, px(full_h)?)
        .render_annotations(true)
        .render_form_data(true)
        .set_reverse_byte_order(true)
        .set_origin(-px(region.x)?, -px(region.y)?);
    let len = (w as usize) * (h as usize) * 4;
    pixels.resize(len, 0);
    let mut bitmap = PdfBitmap::from_bytes(px(w)?, px(h)?, PdfBitmapFormat::BGRA, pixels)
        .map_err(|e| PdfError::Render(e.to_string()))?;
    page.render_into_bitmap_with_config(&mut bitmap, &config)
        .map_err(|e| PdfError::Render(e.to_string()))?;
    Ok((w, h))
}

/// Where the page as shown sits in its user space (see [`crate::frame`]),
/// sampled from PDFium's own device mapping.
pub fn frame(page: &PdfPage<'_>) -> PageFrame {
    let (width, height) = (
        f64::from(page.width().value),
        f64::from(page.height().value),
    );
    PageFrame::sample(width, height, |w, h, x, y| {
        let config = PdfRenderConfig::new().set_target_size(w, h);
        let (x, y) = page.pixels_to_points(x, y, &config).ok()?;
        Some((f64::from(x.value), f64::from(y.value)))
    })
}

fn rect(r: PdfRect) -> Rect {
    Rect {
        left: r.left().value,
        bottom: r.bottom().value,
        right: r.right().value,
        top: r.top().value,
    }
}

/// The page's text as positioned runs (one per line piece PDFium reports),
/// in shown coordinates.
pub fn text(page: &PdfPage<'_>) -> Result<PageText, PdfError> {
    let text = page.text().map_err(|e| PdfError::Render(e.to_string()))?;
    let frame = frame(page);
    let runs = text
        .segments()
        .iter()
        .filter_map(|segment| {
            let content = segment.text();
            let r = frame.rect_to_shown(rect(segment.bounds()));
            (!content.trim().is_empty() && r.is_finite() && r.width() > 0.0 && r.height() > 0.0)
                .then_some(TextRun {
                    text: content,
                    rect: r,
                })
        })
        .collect();
    Ok(PageText { runs })
}

/// Every match of `query` in the document, in page order. Case-insensitive;
/// Japanese matches by characters.
pub fn search(doc: &PdfDocument<'_>, query: &str) -> Result<Vec<SearchHit>, PdfError> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let options = PdfSearchOptions::new();
    let mut hits = Vec::new();
    for (index, page) in doc.pages().iter().enumerate() {
        let text = page.text().map_err(|e| PdfError::Render(e.to_string()))?;
        let search = text
            .search(query, &options)
            .map_err(|e| PdfError::Render(e.to_string()))?;
        let frame = frame(&page);
        for segments in search.iter(PdfSearchDirection::SearchForward) {
            let rects = segments
                .iter()
                .map(|s| frame.rect_to_shown(rect(s.bounds())))
                .collect();
            hits.push(SearchHit {
                page: u32::try_from(index).unwrap_or(u32::MAX),
                rects,
            });
            if hits.len() >= MAX_HITS {
                return Ok(hits);
            }
        }
    }
    Ok(hits)
}

/// The outline (bookmarks), flattened depth-first.
pub fn outline(doc: &PdfDocument<'_>) -> Vec<OutlineItem> {
    let mut items = Vec::new();
    if let Some(root) = doc.bookmarks().root() {
        walk(Some(root), 0, &mut items);
    }
    items
}

fn walk(mut node: Option<PdfBookmark<'_>>, depth: u32, items: &mut Vec<OutlineItem>) {
    while let Some(bookmark) = node {
        if items.len() >= MAX_OUTLINE || depth > MAX_OUTLINE_DEPTH {
            return;
        }
        let page = bookmark
            .destination()
            .and_then(|d| d.page_index().ok())
            .and_then(|i| u32::try_from(i).ok());
        items.push(OutlineItem {
            title: bookmark.title().unwrap_or_default().trim().to_owned(),
            page,
            depth,
        });
        walk(bookmark.first_child(), depth + 1, items);
        node = bookmark.next_sibling();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixel_size_follows_scale_and_caps_huge_pages() {
        assert_eq!(pixel_size(595.0, 842.0, 2.0), (1190, 1684));
        let (w, h) = pixel_size(14400.0, 14400.0, 4.0);
        assert_eq!((w, h), (16384, 16384));
        assert_eq!(pixel_size(0.1, 0.1, 1.0), (1, 1));
    }
}
