//! The request/response protocol between the app and its PDF worker process.
//!
//! Each message is one frame, in both directions:
//! `[u32 LE json length][json][u32 LE blob length][blob]`. The JSON says what
//! is asked or answered; the blob carries bulk bytes (a document going in,
//! pixels coming out) without encoding them.

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};

use crate::PdfError;
use crate::annotation::{Annotation, Rect};

/// Largest JSON part accepted (a big annotation export is a few MB).
const MAX_JSON: u32 = 64 << 20;
/// Largest blob accepted: documents and an 8192² RGBA bitmap.
const MAX_BLOB: u32 = 1 << 30;

/// How rendered pixels travel back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PixelEncoding {
    /// `width * height * 4` bytes of RGBA, for code that reads pixels.
    #[default]
    Rgba,
    /// The [`crate::runs`] format, for the WebView: a text page shrinks
    /// about 38-fold, and the UI decodes it with native fills far faster than
    /// WebKit decodes a PNG.
    Runs,
}

/// What the app asks of the worker. Documents are named by ids the app picks.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Request {
    /// Answered with `Done` once PDFium is bound, or with why it is not.
    Hello,
    /// Open the PDF whose bytes are the blob.
    Open {
        doc: u32,
        password: Option<String>,
    },
    /// Render a page at `scale` pixels per point; with `region`, only that
    /// part of the page (in pixels of the full-size render).
    Render {
        doc: u32,
        page: u32,
        scale: f32,
        region: Option<PixelRegion>,
        #[serde(default)]
        encoding: PixelEncoding,
    },
    Text {
        doc: u32,
        page: u32,
    },
    Search {
        doc: u32,
        query: String,
    },
    Outline {
        doc: u32,
    },
    Close {
        doc: u32,
    },
    /// Write the document with `annotations` added as standard PDF annotations.
    Export {
        doc: u32,
        annotations: Vec<Annotation>,
    },
}

/// A rectangle of pixels within a page rendered at some scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PixelRegion {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// What the worker answers.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "reply", rename_all = "camelCase")]
pub enum Reply {
    Opened(OpenedDocument),
    /// The blob holds the pixels in the encoding asked for.
    Rendered {
        width: u32,
        height: u32,
    },
    Text(PageText),
    Search {
        hits: Vec<SearchHit>,
    },
    Outline {
        items: Vec<OutlineItem>,
    },
    /// The blob holds the exported PDF.
    Exported,
    Done,
    Failed(PdfError),
}

/// What the worker learnt when opening a document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OpenedDocument {
    pub page_count: u32,
    pub title: Option<String>,
    pub page_sizes: Vec<(f32, f32)>,
}

/// The text of a page as positioned runs, for selection and copying.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct PageText {
    pub runs: Vec<TextRun>,
}

impl PageText {
    /// The page's text as one string, runs joined by line breaks.
    pub fn plain(&self) -> String {
        self.runs
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A run of text on one line with its box in page coordinates.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct TextRun {
    pub text: String,
    pub rect: Rect,
}

/// One match of a search: its page and the boxes it covers.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct SearchHit {
    pub page: u32,
    pub rects: Vec<Rect>,
}

/// One entry of the document outline (bookmarks), flattened in reading order.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct OutlineItem {
    pub title: String,
    /// 0-based target page, when the entry points into the document.
    pub page: Option<u32>,
    /// 0 for top-level entries.
    pub depth: u32,
}

/// Writes one frame.
pub fn write_frame<T: Serialize>(out: &mut impl Write, message: &T, blob: &[u8]) -> io::Result<()> {
    let json = serde_json::to_vec(message).map_err(io::Error::other)?;
    let json_len = u32::try_from(json.len()).map_err(io::Error::other)?;
    let blob_len = u32::try_from(blob.len()).map_err(io::Error::other)?;
    out.write_all(&json_len.to_le_bytes())?;
    out.write_all(&json)?;
    out.write_all(&blob_len.to_le_bytes())?;
    out.write_all(blob)?;
    out.flush()
}

/// Reads one frame; `Ok(None)` at a clean end of stream.
pub fn read_frame<T: for<'de> Deserialize<'de>>(
    input: &mut impl Read,
) -> io::Result<Option<(T, Vec<u8>)>> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let json = read_sized(input, u32::from_le_bytes(len), MAX_JSON)?;
    input.read_exact(&mut len)?;
    let blob = read_sized(input, u32::from_le_bytes(len), MAX_BLOB)?;
    let message = serde_json::from_slice(&json).map_err(io::Error::other)?;
    Ok(Some((message, blob)))
}

fn read_sized(input: &mut impl Read, len: u32, max: u32) -> io::Result<Vec<u8>> {
    if len > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("frame part of {len} bytes exceeds {max}"),
        ));
    }
    let mut buf = vec![0u8; len as usize];
    input.read_exact(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_with_blobs() {
        let mut wire = Vec::new();
        write_frame(
            &mut wire,
            &Request::Render {
                doc: 3,
                page: 7,
                scale: 2.0,
                region: None,
                encoding: PixelEncoding::Runs,
            },
            &[1, 2, 3],
        )
        .unwrap();
        write_frame(&mut wire, &Reply::Failed(PdfError::PasswordRequired), &[]).unwrap();
        let mut input = wire.as_slice();
        let (request, blob) = read_frame::<Request>(&mut input).unwrap().unwrap();
        assert!(matches!(
            request,
            Request::Render {
                doc: 3,
                page: 7,
                ..
            }
        ));
        assert_eq!(blob, [1, 2, 3]);
        let (reply, blob) = read_frame::<Reply>(&mut input).unwrap().unwrap();
        assert!(matches!(reply, Reply::Failed(PdfError::PasswordRequired)));
        assert!(blob.is_empty());
        assert!(read_frame::<Reply>(&mut input).unwrap().is_none());
    }

    #[test]
    fn oversized_or_cut_frames_are_errors() {
        let mut wire = (MAX_JSON + 1).to_le_bytes().to_vec();
        wire.extend_from_slice(b"{}");
        assert!(read_frame::<Reply>(&mut wire.as_slice()).is_err());
        let mut cut = Vec::new();
        write_frame(&mut cut, &Reply::Done, &[9; 10]).unwrap();
        cut.truncate(cut.len() - 3);
        assert!(read_frame::<Reply>(&mut cut.as_slice()).is_err());
    }
}
