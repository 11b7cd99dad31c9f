//! `kaigi-page://localhost/<document>/<page>?scale=<pixels per point>` returns
//! one rendered page (or, with `&x=&y=&w=&h=`, that tile of it in pixels of
//! the whole page at that scale) as an 8-byte header (width, height as little-endian u32)
//! followed by tightly packed RGBA, ready for `ImageData`.

use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Runtime, UriSchemeContext, UriSchemeResponder};

use kaigi_pdf::protocol::PixelRegion;

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
            Some((doc, page, scale, region)) => {
                match pdf_engine::run(move |client| {
                    match region {
                        Some(region) => client.render_region(doc, page, scale, region),
                        None => client.render_page(doc, page, scale),
                    }
                    .map_err(crate::error::pdf)
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
                    Err(e) => reply(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        serde_json::to_vec(&e).unwrap_or_default(),
                    ),
                }
            }
        };
        responder.respond(response);
    });
}

type PageRequest = (u32, u32, f32, Option<PixelRegion>);

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
    Some((doc, page, scale, region))
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
        assert_eq!(parse(&uri), Some((3, 12, 2.5, None)));
        let tile: tauri::http::Uri = "kaigi-page://localhost/3/12?scale=4&x=1024&y=0&w=512&h=256"
            .parse()
            .unwrap();
        assert_eq!(
            parse(&tile),
            Some((
                3,
                12,
                4.0,
                Some(PixelRegion {
                    x: 1024,
                    y: 0,
                    width: 512,
                    height: 256
                })
            ))
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
