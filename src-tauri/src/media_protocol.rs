//! `kaigi-media://localhost/?view=<view>&item=<item>&thumbnail=1` returns the
//! decrypted image a chat message carries (its thumbnail when it has one), and
//! `kaigi-media://localhost/?avatar=<mxc>` a person's avatar thumbnail, so the
//! WebView shows them as ordinary `<img>`s. Only raster image types are
//! served; anything else is refused, so no document or script can be loaded
//! from here.

use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

pub const SCHEME: &str = "kaigi-media";

const SERVED: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

#[derive(Debug, PartialEq)]
enum MediaRequest {
    Attachment {
        view: String,
        item: String,
        thumbnail: bool,
    },
    Avatar {
        mxc: String,
    },
}

/// Avatars are fetched at this size, enough for HiDPI screens.
const AVATAR_PIXELS: u32 = 96;

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
                b"expected ?view=&item= or ?avatar=".to_vec(),
            ),
            Some(asked) => fetch(&app, asked).await,
        };
        responder.respond(response);
    });
}

async fn fetch<R: Runtime>(app: &tauri::AppHandle<R>, asked: MediaRequest) -> Response<Vec<u8>> {
    let state = app.state::<AppState>();
    let fetched = match asked {
        MediaRequest::Attachment {
            view,
            item,
            thumbnail,
        } => match crate::commands::chat::open(&state, &view) {
            Ok(room) => room
                .attachment(&item, thumbnail)
                .await
                .map(|file| (file.mimetype, file.bytes)),
            Err(e) => return reply(StatusCode::NOT_FOUND, "text/plain", e.message.into_bytes()),
        },
        MediaRequest::Avatar { mxc } => match state.session().await {
            Some(session) => kaigi_core::chat::avatar(&session, &mxc, AVATAR_PIXELS).await,
            None => {
                return reply(
                    StatusCode::NOT_FOUND,
                    "text/plain",
                    b"not signed in".to_vec(),
                );
            }
        },
    };
    match fetched {
        Ok((mimetype, bytes)) => {
            let essence = mimetype
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            if SERVED.contains(&essence.as_str()) {
                reply(StatusCode::OK, &essence, bytes)
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
    if let Some(mxc) = param("avatar") {
        return mxc
            .starts_with("mxc://")
            .then_some(MediaRequest::Avatar { mxc });
    }
    Some(MediaRequest::Attachment {
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
            Some(MediaRequest::Attachment {
                view: "!abc:localhost/thread/$root".into(),
                item: "$ev:localhost".into(),
                thumbnail: true,
            })
        );
        assert_eq!(parse("kaigi-media://localhost/?view=x"), None);
        assert_eq!(parse("kaigi-media://localhost/?view=&item=y"), None);
        assert_eq!(
            parse("kaigi-media://localhost/?avatar=mxc%3A%2F%2Flocalhost%2Fabc"),
            Some(MediaRequest::Avatar {
                mxc: "mxc://localhost/abc".into()
            })
        );
        assert_eq!(
            parse("kaigi-media://localhost/?avatar=https%3A%2F%2Fx"),
            None
        );
    }
}
