//! `kaigi-page://localhost/<document>/<page>?scale=<pixels per point>` returns
//! one rendered page as an 8-byte header (width, height as little-endian u32)
//! followed by tightly packed RGBA, ready for `ImageData`.

use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Runtime, UriSchemeContext, UriSchemeResponder};

use crate::pdf_engine;

pub const SCHEME: &str = "kaigi-page";

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
                b"expected /<document>/<page>?scale=<s>".to_vec(),
            ),
            Some((doc, page, scale)) => {
                match pdf_engine::run(move |e| {
                    e.render_page(doc, page, scale).map_err(crate::error::pdf)
                })
                .await
                {
                    Ok(page) => {
                        let mut body = Vec::with_capacity(8 + page.rgba.len());
                        body.extend_from_slice(&page.width.to_le_bytes());
                        body.extend_from_slice(&page.height.to_le_bytes());
                        body.extend_from_slice(&page.rgba);
                        reply(StatusCode::OK, body)
                    }
                    Err(e) => reply(StatusCode::UNPROCESSABLE_ENTITY, e.message.into_bytes()),
                }
            }
        };
        responder.respond(response);
    });
}

fn parse(uri: &tauri::http::Uri) -> Option<(u32, u32, f32)> {
    let mut parts = uri.path().trim_matches('/').split('/');
    let doc = parts.next()?.parse().ok()?;
    let page = parts.next()?.parse().ok()?;
    let scale = uri
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("scale=")))
        .and_then(|s| s.parse::<f32>().ok())
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 8.0)?;
    Some((doc, page, scale))
}

fn reply(status: StatusCode, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/octet-stream")
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
        assert_eq!(parse(&uri), Some((3, 12, 2.5)));
        let bad: tauri::http::Uri = "kaigi-page://localhost/3/x?scale=2".parse().unwrap();
        assert_eq!(parse(&bad), None);
        let huge: tauri::http::Uri = "kaigi-page://localhost/3/1?scale=1000".parse().unwrap();
        assert_eq!(parse(&huge), None);
    }
}
