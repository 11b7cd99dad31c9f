//! Documents and pages opened through PDFium's raw bindings, each closed when
//! dropped, and saving a document to bytes.

use std::ffi::{c_int, c_ulong, c_void};

use pdfium_render::prelude::*;

use crate::PdfError;
use crate::frame::PageFrame;

/// An open document; closed when dropped.
pub(super) struct Document<'a>(pub(super) FPDF_DOCUMENT, &'a dyn PdfiumLibraryBindings);

impl<'a> Document<'a> {
    pub(super) fn load(
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

    pub(super) fn save(&self) -> Result<Vec<u8>, PdfError> {
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

/// A loaded page; closed when dropped.
pub(super) struct Page<'a>(pub(super) FPDF_PAGE, &'a dyn PdfiumLibraryBindings);

impl<'a> Page<'a> {
    pub(super) fn load(
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
    pub(super) fn frame(&self) -> PageFrame {
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
