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

mod append;
mod bytes;
mod font;
mod free_text;
mod line_patch;
mod paths;

use std::ffi::{c_int, c_ulong, c_void};

use pdfium_render::prelude::*;

use crate::PdfError;
use crate::annotation::{Annotation, Point, Rect, Rgb, Shape};
use crate::frame::PageFrame;
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
const COLOR_STROKE: FPDFANNOT_COLORTYPE = 0;
const APPEARANCE_NORMAL: FPDF_ANNOT_APPEARANCEMODE = 0;

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

struct Document<'a>(FPDF_DOCUMENT, &'a dyn PdfiumLibraryBindings);

impl<'a> Document<'a> {
    fn load(
        lib: &'a dyn PdfiumLibraryBindings,
        bytes: &[u8],
        password: Option<&str>,
    ) -> Result<Self, PdfError> {
        // SAFETY: PDFium reads `bytes` for the document's lifetime; the caller
        // keeps them alive until `Document` drops (it borrows nothing else).
        let handle = unsafe { lib.FPDF_LoadMemDocument64(bytes, password) };
        if handle.is_null() {
            return Err(PdfError::Malformed(
                "PDFium could not reopen the document".into(),
            ));
        }
        Ok(Self(handle, lib))
    }

    fn save(&self) -> Result<Vec<u8>, PdfError> {
        let mut writer = Writer {
            base: FPDF_FILEWRITE {
                version: 1,
                WriteBlock: Some(write_block),
            },
            out: Vec::new(),
        };
        // SAFETY: `writer` outlives the call; `write_block` only casts the
        // pointer PDFium hands back, which is `&mut writer.base`, the first
        // field of a `#[repr(C)]` struct.
        let ok = unsafe { self.1.FPDF_SaveAsCopy(self.0, &mut writer.base, 0) };
        if ok == 0 {
            return Err(PdfError::Export("PDFium could not write the copy".into()));
        }
        Ok(writer.out)
    }
}

impl Drop for Document<'_> {
    fn drop(&mut self) {
        // SAFETY: the handle came from FPDF_LoadMemDocument64 and pages are closed first.
        unsafe { self.1.FPDF_CloseDocument(self.0) }
    }
}

struct Page<'a>(FPDF_PAGE, &'a dyn PdfiumLibraryBindings);

impl<'a> Page<'a> {
    fn load(
        lib: &'a dyn PdfiumLibraryBindings,
        doc: &Document<'_>,
        index: u32,
    ) -> Result<Self, PdfError> {
        let index = c_int::try_from(index).map_err(|e| PdfError::Export(e.to_string()))?;
        // SAFETY: valid document handle; index checked against the page count.
        let handle = unsafe { lib.FPDF_LoadPage(doc.0, index) };
        if handle.is_null() {
            return Err(PdfError::Export(format!(
                "page {} could not be loaded",
                index + 1
            )));
        }
        Ok(Self(handle, lib))
    }

    /// Where the page as shown sits in user space, from PDFium's device
    /// mapping (as `document::frame` does through pdfium-render).
    fn frame(&self) -> PageFrame {
        // SAFETY: valid page handle.
        let (width, height) = unsafe {
            (
                f64::from(self.1.FPDF_GetPageWidthF(self.0)),
                f64::from(self.1.FPDF_GetPageHeightF(self.0)),
            )
        };
        PageFrame::sample(width, height, |w, h, x, y| {
            let (mut ux, mut uy) = (0.0, 0.0);
            // SAFETY: valid page handle; the outputs point at live locals.
            let ok = unsafe {
                self.1
                    .FPDF_DeviceToPage(self.0, 0, 0, w, h, 0, x, y, &mut ux, &mut uy)
            };
            (ok != 0).then_some((ux, uy))
        })
    }
}

impl Drop for Page<'_> {
    fn drop(&mut self) {
        // SAFETY: the handle came from FPDF_LoadPage; annotations are closed first.
        unsafe { self.1.FPDF_ClosePage(self.0) }
    }
}

#[repr(C)]
struct Writer {
    base: FPDF_FILEWRITE,
    out: Vec<u8>,
}

unsafe extern "C" fn write_block(
    this: *mut FPDF_FILEWRITE,
    data: *const c_void,
    size: c_ulong,
) -> c_int {
    if this.is_null() || (data.is_null() && size > 0) {
        return 0;
    }
    // SAFETY: `this` is `&mut Writer.base` (see `Document::save`), and PDFium
    // guarantees `data` points at `size` readable bytes.
    unsafe {
        let writer = &mut *this.cast::<Writer>();
        let bytes = std::slice::from_raw_parts(data.cast::<u8>(), size as usize);
        writer.out.extend_from_slice(bytes);
    }
    1
}

/// One annotation being built; closed when dropped.
struct Annot<'a>(FPDF_ANNOTATION, &'a dyn PdfiumLibraryBindings);

impl Drop for Annot<'_> {
    fn drop(&mut self) {
        // SAFETY: the handle came from FPDFPage_CreateAnnot.
        unsafe { self.1.FPDFPage_CloseAnnot(self.0) }
    }
}

impl Annot<'_> {
    fn check(&self, ok: FPDF_BOOL, what: &str) -> Result<(), PdfError> {
        if ok == 0 {
            Err(PdfError::Export(format!("PDFium refused to set {what}")))
        } else {
            Ok(())
        }
    }

    fn rect(&self, r: Rect) -> Result<(), PdfError> {
        let rect = FS_RECTF {
            left: r.left,
            top: r.top,
            right: r.right,
            bottom: r.bottom,
        };
        // SAFETY: valid annotation handle and a pointer to a live struct.
        self.check(unsafe { self.1.FPDFAnnot_SetRect(self.0, &rect) }, "Rect")
    }

    fn color(&self, c: Rgb) -> Result<(), PdfError> {
        // SAFETY: valid annotation handle.
        let ok = unsafe {
            self.1.FPDFAnnot_SetColor(
                self.0,
                COLOR_STROKE,
                c.0.into(),
                c.1.into(),
                c.2.into(),
                255,
            )
        };
        self.check(ok, "colour")
    }

    fn border(&self, width: f32) -> Result<(), PdfError> {
        // SAFETY: valid annotation handle.
        self.check(
            unsafe { self.1.FPDFAnnot_SetBorder(self.0, 0.0, 0.0, width) },
            "Border",
        )
    }

    fn string(&self, key: &str, value: &str) -> Result<(), PdfError> {
        // SAFETY: valid annotation handle; pdfium-render encodes the string.
        let ok = unsafe { self.1.FPDFAnnot_SetStringValue_str(self.0, key, value) };
        self.check(ok, key)
    }

    fn appearance(&self, content: &str) -> Result<(), PdfError> {
        // SAFETY: valid annotation handle; the Rect is already set.
        let ok = unsafe {
            self.1
                .FPDFAnnot_SetAP_str(self.0, APPEARANCE_NORMAL, content)
        };
        self.check(ok, "appearance stream")
    }

    fn ink_stroke(&self, points: &[Point]) -> Result<(), PdfError> {
        let pts: Vec<FS_POINTF> = points
            .iter()
            .map(|p| FS_POINTF { x: p.x, y: p.y })
            .collect();
        // SAFETY: valid annotation handle; `pts` holds `len` points.
        let index = unsafe {
            self.1
                .FPDFAnnot_AddInkStroke(self.0, pts.as_ptr(), pts.len())
        };
        if index < 0 {
            return Err(PdfError::Export("PDFium refused an ink stroke".into()));
        }
        Ok(())
    }

    fn quad(&self, q: [(f32, f32); 4]) -> Result<(), PdfError> {
        let quad = FS_QUADPOINTSF {
            x1: q[0].0,
            y1: q[0].1,
            x2: q[1].0,
            y2: q[1].1,
            x3: q[2].0,
            y3: q[2].1,
            x4: q[3].0,
            y4: q[3].1,
        };
        // SAFETY: valid annotation handle and a pointer to a live struct.
        let ok = unsafe { self.1.FPDFAnnot_AppendAttachmentPoints(self.0, &quad) };
        self.check(ok, "QuadPoints")
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
