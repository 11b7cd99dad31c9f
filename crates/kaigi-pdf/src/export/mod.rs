//! "Save annotated copy": writes Kaigi's annotations into a copy of the PDF as
//! standard PDF annotations (Ink, Highlight, Text, FreeText, Square, Circle,
//! Line), so every reader shows them.
//!
//! pdfium-render's typed API cannot create Circle or Line annotations nor set
//! ink strokes, so this module talks to PDFium's annotation functions through
//! pdfium-render's raw bindings. Every handle it opens is closed on every path.
//!
//! PDFium cannot create Line annotations (`FPDFPage_CreateAnnot` refuses the
//! subtype), so an arrow is created as a Square holding placeholder strings
//! for `/L` and `/LE`; after saving, [`line_patch`] rewrites those tokens and
//! the subtype in place, byte for byte the same length, so the file's
//! cross-reference offsets stay exact.
//!
//! Shapes with a stroke also get an explicit appearance stream (in page
//! coordinates, as PDFium sets the stream's BBox to the annotation's Rect), so
//! readers that do not synthesise appearances still draw them exactly.

#![allow(unsafe_code)]

mod annot;
mod append;
mod bytes;
mod font;
mod free_text;
mod handles;
mod line_patch;
mod paths;

use std::ffi::c_int;

use pdfium_render::prelude::*;

use crate::PdfError;
use crate::annotation::{Annotation, Rgb, Shape};
use annot::Annot;
use handles::{Document, Page};
pub use paths::stroke_quads;
use paths::{arrow_path, ellipse_path, ink_path};

// PDFium's annotation subtypes and constants (public/fpdf_annot.h).
const SUBTYPE_TEXT: FPDF_ANNOTATION_SUBTYPE = 1;
const SUBTYPE_FREETEXT: FPDF_ANNOTATION_SUBTYPE = 3;
const SUBTYPE_SQUARE: FPDF_ANNOTATION_SUBTYPE = 5;
const SUBTYPE_CIRCLE: FPDF_ANNOTATION_SUBTYPE = 6;
const SUBTYPE_HIGHLIGHT: FPDF_ANNOTATION_SUBTYPE = 9;
const SUBTYPE_INK: FPDF_ANNOTATION_SUBTYPE = 15;
const FLAG_PRINT: c_int = 4;

/// Returns the bytes of `source` (opened with `password`) with `annotations`
/// added. Annotations for pages the document does not have are an error.
pub fn export(
    pdfium: &Pdfium,
    source: &[u8],
    password: Option<&str>,
    annotations: &[Annotation],
) -> Result<Vec<u8>, PdfError> {
    for a in annotations {
        a.validate().map_err(PdfError::Export)?;
    }
    let lib = pdfium.bindings();
    let doc = Document::load(lib, source, password)?;
    // Free text gets an appearance in an embedded Japanese font, added after
    // saving; without a font, or in an encrypted file, it keeps only /DA.
    // SAFETY: valid document handle.
    let encrypted = unsafe { lib.FPDF_GetSecurityHandlerRevision(doc.0) } != -1;
    let has_free_text = annotations
        .iter()
        .any(|a| matches!(&a.shape, Shape::FreeText { text, .. } if !text.trim().is_empty()));
    let font = (has_free_text && !encrypted)
        .then(font::FontFile::find)
        .flatten();
    if has_free_text && font.is_none() {
        tracing::warn!("no Japanese font found; free text is exported without its appearance");
    }
    let mut lines = Vec::new();
    let mut free_texts = Vec::new();
    let count = u32::try_from(unsafe { lib.FPDF_GetPageCount(doc.0) }).unwrap_or(0);
    let mut pages: Vec<u32> = annotations.iter().map(|a| a.page).collect();
    pages.sort_unstable();
    pages.dedup();
    for index in pages {
        if index >= count {
            return Err(PdfError::PageOutOfRange { index, count });
        }
        let page = Page::load(lib, &doc, index)?;
        // Kaigi's coordinates are the page as shown; the file wants user space.
        let frame = page.frame();
        for annotation in annotations.iter().filter(|a| a.page == index) {
            let in_user_space = annotation.mapped(|x, y| frame.to_user(x, y));
            let appearance = match (&annotation.shape, &font) {
                (
                    Shape::FreeText {
                        rect,
                        text,
                        font_size,
                    },
                    Some(_),
                ) if !text.trim().is_empty() => {
                    free_texts.push(free_text::FreeText {
                        serial: free_texts.len(),
                        rect: *rect,
                        matrix: frame.matrix(),
                        text: text.clone(),
                        size: *font_size,
                        colour: Rgb::parse(&annotation.color)
                            .ok_or_else(|| PdfError::Export("bad colour".into()))?,
                    });
                    free_texts.last().map(free_text::FreeText::placeholder)
                }
                _ => None,
            };
            write_annotation(
                lib,
                &page,
                &in_user_space,
                &mut lines,
                appearance.as_deref(),
            )?;
        }
    }
    let mut bytes = doc.save()?;
    line_patch::apply(&mut bytes, &lines)?;
    match font {
        Some(font) if !free_texts.is_empty() => Ok(free_text::apply(&bytes, &free_texts, &font)
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "free text is exported without its appearance");
                free_text::blank(bytes, &free_texts)
            })),
        _ => Ok(bytes),
    }
}

fn write_annotation(
    lib: &dyn PdfiumLibraryBindings,
    page: &Page<'_>,
    a: &Annotation,
    lines: &mut Vec<line_patch::Line>,
    appearance_placeholder: Option<&str>,
) -> Result<(), PdfError> {
    let subtype = match &a.shape {
        Shape::Ink { .. } => SUBTYPE_INK,
        Shape::FreehandHighlight { .. } | Shape::TextHighlight { .. } => SUBTYPE_HIGHLIGHT,
        Shape::Note { .. } => SUBTYPE_TEXT,
        Shape::FreeText { .. } => SUBTYPE_FREETEXT,
        Shape::Rectangle { .. } => SUBTYPE_SQUARE,
        Shape::Ellipse { .. } => SUBTYPE_CIRCLE,
        // Created as a Square and turned into a Line by `line_patch`.
        Shape::Arrow { .. } => SUBTYPE_SQUARE,
    };
    // SAFETY: valid page handle; the annotation is closed by `Annot`'s drop.
    let handle = unsafe { lib.FPDFPage_CreateAnnot(page.0, subtype) };
    if handle.is_null() {
        return Err(PdfError::Export(
            "PDFium could not create an annotation".into(),
        ));
    }
    let annot = Annot(handle, lib);
    let color = Rgb::parse(&a.color).ok_or_else(|| PdfError::Export("bad colour".into()))?;
    let bounds = a
        .bounds()
        .ok_or_else(|| PdfError::Export("annotation has no extent".into()))?;
    annot.rect(bounds)?;
    annot.color(color)?;
    // SAFETY: valid annotation handle.
    annot.check(
        unsafe { lib.FPDFAnnot_SetFlags(annot.0, FLAG_PRINT) },
        "flags",
    )?;
    annot.string("NM", &format!("kaigi-{}", a.id))?;
    let stroke = format!("{} RG {} rg 1 J 1 j ", color.operands(), color.operands());
    match &a.shape {
        Shape::Ink { strokes } => {
            annot.border(a.width)?;
            for s in strokes.iter().filter(|s| !s.is_empty()) {
                annot.ink_stroke(s)?;
            }
            annot.appearance(&(stroke + &ink_path(strokes, a.width)))?;
        }
        Shape::FreehandHighlight { points } => {
            for q in stroke_quads(points, a.width / 2.0) {
                annot.quad(q)?;
            }
        }
        Shape::TextHighlight { rects, text } => {
            for r in rects {
                annot.quad([
                    (r.left, r.top),
                    (r.right, r.top),
                    (r.left, r.bottom),
                    (r.right, r.bottom),
                ])?;
            }
            if !text.is_empty() {
                annot.string("Contents", text)?;
            }
        }
        Shape::Note { text, .. } => {
            annot.string("Contents", text)?;
            annot.string("Name", "Comment")?;
        }
        Shape::FreeText {
            text, font_size, ..
        } => {
            annot.string("Contents", text)?;
            annot.string(
                "DA",
                &format!("/Helv {font_size:.1} Tf {} rg", color.operands()),
            )?;
            if let Some(placeholder) = appearance_placeholder {
                annot.string(free_text::PLACEHOLDER_KEY, placeholder)?;
            }
        }
        Shape::Rectangle { rect } => {
            annot.border(a.width)?;
            annot.appearance(&format!(
                "{stroke}{:.2} w {:.2} {:.2} {:.2} {:.2} re S",
                a.width,
                rect.left,
                rect.bottom,
                rect.width(),
                rect.height()
            ))?;
        }
        Shape::Ellipse { rect } => {
            annot.border(a.width)?;
            annot.appearance(&format!("{stroke}{:.2} w {}", a.width, ellipse_path(rect)))?;
        }
        Shape::Arrow { from, to } => {
            let line = line_patch::Line {
                serial: lines.len(),
                from: *from,
                to: *to,
            };
            annot.string("L", &line.placeholder('L'))?;
            annot.string("LE", &line.placeholder('E'))?;
            lines.push(line);
            annot.border(a.width)?;
            annot.appearance(&format!(
                "{stroke}{:.2} w {}",
                a.width,
                arrow_path(*from, *to, a.width)
            ))?;
        }
    }
    Ok(())
}
