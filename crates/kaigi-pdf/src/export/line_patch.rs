//! Turning placeholder Squares into Line annotations in the saved bytes.
//!
//! PDFium cannot create Line annotations, so an arrow is written as a Square
//! holding placeholder strings for `/L` and `/LE`; these are rewritten here,
//! byte for byte the same length, so the file's offsets stay exact.

use super::bytes::{find, rfind};
use crate::PdfError;
use crate::annotation::Point;

/// An arrow waiting for its patch.
pub struct Line {
    pub serial: usize,
    pub from: Point,
    pub to: Point,
}

/// Room for `[x1 y1 x2 y2]` with generous coordinates.
const WIDTH: usize = 72;

impl Line {
    /// A unique ASCII string as wide as any value it will be replaced by.
    pub fn placeholder(&self, which: char) -> String {
        let tag = format!("KAIGI-LINE-{:06}-{which}", self.serial);
        format!("{tag:_<WIDTH$}")
    }

    fn value(&self, which: char) -> String {
        match which {
            'L' => format!(
                "[{:.2} {:.2} {:.2} {:.2}]",
                self.from.x, self.from.y, self.to.x, self.to.y
            ),
            _ => "[/None /OpenArrow]".to_owned(),
        }
    }
}

/// Rewrites each line's placeholders and its object's subtype in place.
pub fn apply(bytes: &mut [u8], lines: &[Line]) -> Result<(), PdfError> {
    for line in lines {
        let mut object_start = None;
        for which in ['L', 'E'] {
            let token = format!("({})", line.placeholder(which));
            let at = find(bytes, token.as_bytes(), 0)
                .ok_or_else(|| PdfError::Export("the arrow placeholder was not written".into()))?;
            let value = format!("{:<width$}", line.value(which), width = token.len());
            if value.len() != token.len() {
                return Err(PdfError::Export("arrow coordinates are too long".into()));
            }
            bytes[at..at + token.len()].copy_from_slice(value.as_bytes());
            object_start = rfind(&bytes[..at], b" obj");
        }
        let start = object_start
            .ok_or_else(|| PdfError::Export("arrow annotation object not found".into()))?;
        let end = find(bytes, b"endobj", start)
            .ok_or_else(|| PdfError::Export("arrow annotation object not closed".into()))?;
        let subtype = find(&bytes[..end], b"/Square", start)
            .ok_or_else(|| PdfError::Export("arrow annotation subtype not found".into()))?;
        bytes[subtype..subtype + 7].copy_from_slice(b"/Line  ");
    }
    Ok(())
}
