//! `kaigi-media://localhost/?view=<view>&item=<item>&thumbnail=1` returns the
//! decrypted image a chat message carries (its thumbnail when it has one), so
//! the WebView shows it as an ordinary `<img>`. Only raster image types are
//! served; anything else is refused, so no document or script can be loaded
//! from here.

use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

pub const SCHEME: &str = "kaigi-media";

const SERVED: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

#[derive(Debug, PartialEq)]
struct MediaRequest {
    view: String,
    item: String,
    thumbnail: bool,
}

pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let asked = parse(&request.uri().to_string());
    tauri::async_runtime::spawn(async move {
        let response = match asked {
            None => reply(
                StatusCode::BAD_REQUEST,
                "text/plain",
                b"expected ?view=&item=".to_vec(),
            ),
            Some(asked) => fetch(&app, asked).await,
        };
        responder.respond(response);
    });
}

async fn fetch<R: Runtime>(app: &tauri::AppHandle<R>, asked: MediaRequest) -> Response<Vec<u8>> {
    let state = app.state::<AppState>();
    let room = match crate::commands::chat::open(&state, &asked.view) {
        Ok(room) => room,
        Err(e) => return reply(StatusCode::NOT_FOUND, "text/plain", e.message.into_bytes()),
    };
    match room.attachment(&asked.item, asked.thumbnail).await {
        Ok(file) => {
            let essence = file
                .mimetype
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            if SERVED.contains(&essence.as_str()) {
                reply(StatusCode::OK, &essence, file.bytes)
            } else {
                reply(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "text/plain",
                    b"not an image".to_vec(),
                )
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot fetch an image");
            reply(
                StatusCode::BAD_GATEWAY,
                "text/plain",
                e.to_string().into_bytes(),
            )
        }
    }
}

fn parse(uri: &str) -> Option<MediaRequest> {
    let url = tauri::Url::parse(uri).ok()?;
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    Some(MediaRequest {
        view: param("view").filter(|v| !v.is_empty())?,
        item: param("item").filter(|v| !v.is_empty())?,
        thumbnail: param("thumbnail").as_deref() == Some("1"),
    })
}

fn reply(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header("X-Content-Type-Options", "nosniff")
        .header(header::CONTENT_SECURITY_POLICY, "default-src 'none'")
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .body(body)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_view_and_item_percent_encoded() {
        let asked = parse(
            "kaigi-media://localhost/?view=!abc%3Alocalhost%2Fthread%2F%24root&item=%24ev%3Alocalhost&thumbnail=1",
        );
        assert_eq!(
            asked,
            Some(MediaRequest {
                view: "!abc:localhost/thread/$root".into(),
                item: "$ev:localhost".into(),
                thumbnail: true,
            })
        );
        assert_eq!(parse("kaigi-media://localhost/?view=x"), None);
        assert_eq!(parse("kaigi-media://localhost/?view=&item=y"), None);
    }
}
