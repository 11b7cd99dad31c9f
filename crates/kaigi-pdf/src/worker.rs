//! The worker process: binds PDFium, owns every open document, and answers
//! [`Request`]s read from stdin with [`Reply`]s on stdout until stdin closes.
//! A crash here (a PDFium bug on a hostile file) ends only this process; the
//! app's [`crate::PdfClient`] restarts it.

use std::collections::HashMap;
use std::io::{self, BufReader, BufWriter};

use pdfium_render::prelude::*;

use crate::protocol::{PixelEncoding, Reply, Request, read_frame, write_frame};
use crate::{PdfError, document, export, library};

/// Open documents and the bytes they were read from (kept for export).
struct Open<'a> {
    doc: PdfDocument<'a>,
    bytes: Vec<u8>,
    password: Option<String>,
}

/// Runs the worker on stdin/stdout; returns the process exit code.
pub fn main() -> i32 {
    let pdfium = bind();
    let stdin = io::stdin().lock();
    let stdout = io::stdout().lock();
    match serve(
        pdfium.as_ref(),
        BufReader::new(stdin),
        BufWriter::new(stdout),
    ) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("kaigi pdf worker: {e}");
            1
        }
    }
}

/// Serves requests until the input ends. When PDFium could not be bound,
/// every request is answered with that error so the app can say why.
pub fn serve(
    pdfium: Result<&Pdfium, &PdfError>,
    mut input: impl io::Read,
    mut output: impl io::Write,
) -> io::Result<()> {
    let mut docs: HashMap<u32, Open<'_>> = HashMap::new();
    let mut scratch = Vec::new();
    while let Some((request, blob)) = read_frame::<Request>(&mut input)? {
        let (reply, out) = match pdfium {
            Ok(pdfium) => handle(pdfium, &mut docs, &mut scratch, request, blob),
            Err(e) => (Reply::Failed(e.clone()), Vec::new()),
        };
        write_frame(&mut output, &reply, &out)?;
    }
    Ok(())
}

fn handle<'a>(
    pdfium: &'a Pdfium,
    docs: &mut HashMap<u32, Open<'a>>,
    scratch: &mut Vec<u8>,
    request: Request,
    blob: Vec<u8>,
) -> (Reply, Vec<u8>) {
    let outcome = match request {
        Request::Hello => Ok((Reply::Done, Vec::new())),
        Request::Open { doc, password } => {
            docs.remove(&doc);
            // PDFium takes its own copy of the bytes; ours serve exports.
            document::open(pdfium, blob.clone(), password.as_deref()).and_then(|opened| {
                let info = document::describe(&opened)?;
                docs.insert(
                    doc,
                    Open {
                        doc: opened,
                        bytes: blob,
                        password,
                    },
                );
                Ok((Reply::Opened(info), Vec::new()))
            })
        }
        Request::Render {
            doc,
            page,
            scale,
            region,
            encoding,
        } => get(docs, doc).and_then(|open| {
            // Raw pixels leave with the buffer; runs leave it for the next page.
            let mut pixels = std::mem::take(scratch);
            let (width, height) = document::with_page(&open.doc, page, |p| {
                document::render(p, scale, region, &mut pixels)
            })?;
            let blob = match encoding {
                PixelEncoding::Rgba => pixels,
                PixelEncoding::Runs => {
                    let runs = crate::runs::encode(&pixels, width, height);
                    *scratch = pixels;
                    runs
                }
            };
            Ok((Reply::Rendered { width, height }, blob))
        }),
        Request::Text { doc, page } => get(docs, doc).and_then(|open| {
            let text = document::with_page(&open.doc, page, document::text)?;
            Ok((Reply::Text(text), Vec::new()))
        }),
        Request::Search { doc, query } => get(docs, doc).and_then(|open| {
            let hits = document::search(&open.doc, &query)?;
            Ok((Reply::Search { hits }, Vec::new()))
        }),
        Request::Outline { doc } => get(docs, doc).map(|open| {
            let items = document::outline(&open.doc);
            (Reply::Outline { items }, Vec::new())
        }),
        Request::Close { doc } => {
            docs.remove(&doc);
            Ok((Reply::Done, Vec::new()))
        }
        Request::Export { doc, annotations } => get(docs, doc).and_then(|open| {
            let bytes =
                export::export(pdfium, &open.bytes, open.password.as_deref(), &annotations)?;
            Ok((Reply::Exported, bytes))
        }),
    };
    outcome.unwrap_or_else(|e| (Reply::Failed(e), Vec::new()))
}

fn get<'d, 'a>(docs: &'d HashMap<u32, Open<'a>>, doc: u32) -> Result<&'d Open<'a>, PdfError> {
    docs.get(&doc).ok_or(PdfError::UnknownDocument(doc))
}

fn bind() -> Result<Pdfium, PdfError> {
    let candidates = library::candidates();
    if let Some(path) = candidates.iter().find(|p| p.is_file()) {
        return Pdfium::bind_to_library(path).map(Pdfium::new).map_err(|e| {
            PdfError::LibraryUnloadable {
                path: path.clone(),
                reason: e.to_string(),
            }
        });
    }
    Pdfium::bind_to_system_library()
        .map(Pdfium::new)
        .map_err(|_| PdfError::LibraryMissing {
            searched: candidates,
        })
}
