//! One annotation being written: its Rect, colour, border, strings,
//! appearance stream, ink strokes and quad points, through PDFium's raw
//! annotation functions.

use pdfium_render::prelude::*;

use crate::PdfError;
use crate::annotation::{Point, Rect, Rgb};

// PDFium's constants (public/fpdf_annot.h).
const COLOR_STROKE: FPDFANNOT_COLORTYPE = 0;
const APPEARANCE_NORMAL: FPDF_ANNOT_APPEARANCEMODE = 0;

/// One annotation being built; closed when dropped.
pub(super) struct Annot<'a>(
    pub(super) FPDF_ANNOTATION,
    pub(super) &'a dyn PdfiumLibraryBindings,
);

impl Drop for Annot<'_> {
    fn drop(&mut self) {
        // SAFETY: the handle came from FPDFPage_CreateAnnot.
        unsafe { self.1.FPDFPage_CloseAnnot(self.0) }
    }
}

impl Annot<'_> {
    pub(super) fn check(&self, ok: FPDF_BOOL, what: &str) -> Result<(), PdfError> {
        if ok == 0 {
            Err(PdfError::Export(format!("PDFium refused to set {what}")))
        } else {
            Ok(())
        }
    }

    pub(super) fn rect(&self, r: Rect) -> Result<(), PdfError> {
        let rect = FS_RECTF {
            left: r.left,
            top: r.top,
            right: r.right,
            bottom: r.bottom,
        };
        // SAFETY: valid annotation handle and a pointer to a live struct.
        self.check(unsafe { self.1.FPDFAnnot_SetRect(self.0, &rect) }, "Rect")
    }

    pub(super) fn color(&self, c: Rgb) -> Result<(), PdfError> {
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

    pub(super) fn border(&self, width: f32) -> Result<(), PdfError> {
        // SAFETY: valid annotation handle.
        self.check(
            unsafe { self.1.FPDFAnnot_SetBorder(self.0, 0.0, 0.0, width) },
            "Border",
        )
    }

    pub(super) fn string(&self, key: &str, value: &str) -> Result<(), PdfError> {
        // SAFETY: valid annotation handle; pdfium-render encodes the string.
        let ok = unsafe { self.1.FPDFAnnot_SetStringValue_str(self.0, key, value) };
        self.check(ok, key)
    }

    pub(super) fn appearance(&self, content: &str) -> Result<(), PdfError> {
        // SAFETY: valid annotation handle; the Rect is already set.
        let ok = unsafe {
            self.1
                .FPDFAnnot_SetAP_str(self.0, APPEARANCE_NORMAL, content)
        };
        self.check(ok, "appearance stream")
    }

    pub(super) fn ink_stroke(&self, points: &[Point]) -> Result<(), PdfError> {
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

    pub(super) fn quad(&self, q: [(f32, f32); 4]) -> Result<(), PdfError> {
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
