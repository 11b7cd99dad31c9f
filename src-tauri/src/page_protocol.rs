//! `kaigi-page://localhost/<document>/<page>?scale=<pixels per point>` returns
//! one rendered page (or, with `&x=&y=&w=&h=`, that tile of it in pixels of
//! the whole page at that scale) in the `kaigi_pdf::runs` format, which the UI
//! decodes (`ui/src/lib/runs.ts`) faster than WebKit decodes a PNG.
//! `&background=1` marks a prefetch: it waits while any page the user is
//! looking at is being rendered, so prefetching never delays what is on screen.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Runtime, UriSchemeContext, UriSchemeResponder};

use kaigi_pdf::protocol::PixelRegion;

use crate::pdf_engine;

pub const SCHEME: &str = "kaigi-page";
const RUNS_TYPE: &str = "application/x-kaigi-runs";

pub fn handle<R: Runtime>(
    _ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let parsed = parse(request.uri());
    tauri::async_runtime::spawn(async move {
        let response = match parsed {
            None => reply(
                StatusCode::BAD_REQUEST,
                "text/plain",
                b"expected /<document>/<page>?scale=<s>".to_vec(),
            ),
            Some(asked) => {
                let _foreground = (!asked.background).then(Foreground::enter);
                match pdf_engine::run(move |client| {
                    if asked.background {
                        Foreground::wait_idle();
                    }
                    client
                        .render_runs(asked.doc, asked.page, asked.scale, asked.region)
                        .map_err(crate::error::pdf)
                })
                .await
                {
                    Ok(runs) => reply(StatusCode::OK, RUNS_TYPE, runs),
                    Err(e) => reply(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "application/json",
                        serde_json::to_vec(&e).unwrap_or_default(),
                    ),
                }
            }
        };
        responder.respond(response);
    });
}

#[derive(Debug, PartialEq)]
struct PageRequest {
    doc: u32,
    page: u32,
    scale: f32,
    region: Option<PixelRegion>,
    background: bool,
}

/// Pages the user is waiting for, being rendered now.
static FOREGROUND: AtomicUsize = AtomicUsize::new(0);

struct Foreground;

impl Foreground {
    fn enter() -> Self {
        FOREGROUND.fetch_add(1, Ordering::SeqCst);
        Foreground
    }

    /// Blocks while foreground pages render (at most a few seconds, so a
    /// stuck render cannot starve prefetching for good).
    fn wait_idle() {
        let started = Instant::now();
        while FOREGROUND.load(Ordering::SeqCst) > 0 && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

impl Drop for Foreground {
    fn drop(&mut self) {
        FOREGROUND.fetch_sub(1, Ordering::SeqCst);
    }
}

fn parse(uri: &tauri::http::Uri) -> Option<PageRequest> {
    let mut parts = uri.path().trim_matches('/').split('/');
    let doc = parts.next()?.parse().ok()?;
    let page = parts.next()?.parse().ok()?;
    let query = uri.query().unwrap_or("");
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
    };
    let scale = param("scale")
        .and_then(|s| s.parse::<f32>().ok())
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 16.0)?;
    let region = match (param("x"), param("y"), param("w"), param("h")) {
        (Some(x), Some(y), Some(w), Some(h)) => Some(PixelRegion {
            x: x.parse().ok()?,
            y: y.parse().ok()?,
            width: w.parse().ok()?,
            height: h.parse().ok()?,
        }),
        (None, None, None, None) => None,
        _ => return None,
    };
    Some(PageRequest {
        doc,
        page,
        scale,
        region,
        background: param("background") == Some("1"),
    })
}

fn reply(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .body(body)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_document_page_and_scale() {
        let uri: tauri::http::Uri = "kaigi-page://localhost/3/12?scale=2.5".parse().unwrap();
        assert_eq!(
            parse(&uri),
            Some(PageRequest {
                doc: 3,
                page: 12,
                scale: 2.5,
                region: None,
                background: false
            })
        );
        let tile: tauri::http::Uri =
            "kaigi-page://localhost/3/12?scale=4&x=1024&y=0&w=512&h=256&background=1"
                .parse()
                .unwrap();
        assert_eq!(
            parse(&tile),
            Some(PageRequest {
                doc: 3,
                page: 12,
                scale: 4.0,
                region: Some(PixelRegion {
                    x: 1024,
                    y: 0,
                    width: 512,
                    height: 256
                }),
                background: true
            })
        );
        let half: tauri::http::Uri = "kaigi-page://localhost/3/12?scale=4&x=1".parse().unwrap();
        assert_eq!(parse(&half), None);
        let bad: tauri::http::Uri = "kaigi-page://localhost/3/x?scale=2".parse().unwrap();
        assert_eq!(parse(&bad), None);
        let huge: tauri::http::Uri = "kaigi-page://localhost/3/1?scale=1000".parse().unwrap();
        assert_eq!(parse(&huge), None);
        let prefixed: tauri::http::Uri = "kaigi-page://localhost/3/1?xscale=2".parse().unwrap();
        assert_eq!(parse(&prefixed), None);
        assert_eq!(parse(&huge), None);
    }
}
