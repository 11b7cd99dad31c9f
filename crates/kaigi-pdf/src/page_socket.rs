//! Rendered pages for the app's WebView, over a WebSocket on 127.0.0.1.
//!
//! WebKitGTK hands a custom-scheme response to the page 8 KB at a time, one
//! piece per turn of the UI process's main loop: a 220 KB page took 15 ms
//! from an idle window and about 40 ms while the window was changing page. A
//! WebSocket message goes through WebKit's network process and arrives whole.
//!
//! Only the app's own page can use the socket. It listens on loopback only,
//! and its address carries a random token that the app hands to its WebView
//! over IPC; a connection without the token is refused in the handshake.
//!
//! The page sends text frames, each a [`PageAsk`] as JSON. Every ask gets one
//! answer, in whatever order they finish: a binary frame holding the ask's id,
//! the microseconds it waited and then took to render (three `u32`s,
//! little-endian), and then the page in the [`crate::runs`] format; or a text
//! frame `{"id": …, "error": …}` (`"id": null` when the ask could not be
//! read). An ask marked `background` (a prefetch) waits while any other
//! ask renders, so prefetching never delays the page on screen.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

use crate::protocol::PixelRegion;

/// Where the page starts in an answer: after the ask's id and two timings.
pub const PAGE_AT: usize = 12;
/// Asks are a few dozen bytes; anything longer is not one.
const MAX_ASK_BYTES: usize = 4096;
/// The largest scale a page may be asked at (pixels per point).
const MAX_SCALE: f32 = 16.0;

/// One page (or a region of it) the WebView wants drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct PageAsk {
    /// Chosen by the asker; echoed in the answer.
    pub id: u32,
    pub doc: u32,
    /// 0-based.
    pub page: u32,
    /// Pixels per PDF point.
    pub scale: f32,
    /// Pixels of the page rendered whole at `scale`; the whole page if absent.
    #[serde(default)]
    pub region: Option<PixelRegion>,
    /// A prefetch, which yields to pages the user is waiting for.
    #[serde(default)]
    pub background: bool,
}

/// What renders the pages the socket serves.
pub trait PageSource: Send + Sync + 'static {
    /// How a failure is told to the WebView (serialised as the answer's `error`).
    type Error: Serialize + Send + 'static;

    /// Renders the ask in the [`crate::runs`] format. Blocking: it runs on
    /// a blocking thread.
    fn render(&self, ask: &PageAsk) -> Result<Vec<u8>, Self::Error>;

    /// The error for an ask that could not be read or makes no sense.
    fn bad_ask(&self, reason: String) -> Self::Error;
}

/// The running server; it stops when dropped.
pub struct PageSocket {
    url: String,
    accepting: tokio::task::JoinHandle<()>,
}

impl PageSocket {
    /// Listens on a free port of 127.0.0.1. Call within a Tokio runtime.
    pub async fn start<S: PageSource>(source: Arc<S>) -> std::io::Result<Self> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
        let port = listener.local_addr()?.port();
        let mut secret = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut secret);
        let token: Arc<str> = hex::encode(secret).into();
        let url = format!("ws://127.0.0.1:{port}/pages?token={token}");
        let foreground = Arc::new(AtomicUsize::new(0));
        let accepting = tokio::spawn(async move {
            loop {
                match listener.accept().await {
                    Ok((stream, _)) => {
                        let (source, token) = (Arc::clone(&source), Arc::clone(&token));
                        let foreground = Arc::clone(&foreground);
                        tokio::spawn(async move {
                            if let Err(e) = serve(stream, source, &token, foreground).await {
                                tracing::debug!(error = %e, "page connection ended");
                            }
                        });
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "page socket cannot accept");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
        });
        tracing::info!(port, "page socket listening");
        Ok(Self { url, accepting })
    }

    /// The address to connect to, token included: give it only to the app's page.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for PageSocket {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// One connection: reads asks, renders each on a blocking thread, and
/// writes answers as they finish.
async fn serve<S: PageSource>(
    stream: TcpStream,
    source: Arc<S>,
    token: &str,
    foreground: Arc<AtomicUsize>,
) -> Result<(), tokio_tungstenite::tungstenite::Error> {
    stream.set_nodelay(true)?;
    let config = WebSocketConfig::default()
        .max_message_size(Some(MAX_ASK_BYTES))
        .max_frame_size(Some(MAX_ASK_BYTES));
    // The callback's shape is tungstenite's, large error response and all.
    #[allow(clippy::result_large_err)]
    let check = |request: &Request, response: Response| {
        if has_token(request, token) {
            Ok(response)
        } else {
            let mut refused = ErrorResponse::new(Some("a valid token is required".into()));
            *refused.status_mut() = StatusCode::FORBIDDEN;
            Err(refused)
        }
    };
    let socket =
        tokio_tungstenite::accept_hdr_async_with_config(stream, check, Some(config)).await?;
    let (mut sink, mut asks) = socket.split();
    let (answers, mut outbox) = mpsc::unbounded_channel::<Message>();
    let writer = tokio::spawn(async move {
        while let Some(answer) = outbox.recv().await {
            if sink.send(answer).await.is_err() {
                break;
            }
        }
    });
    while let Some(message) = asks.next().await {
        let text = match message? {
            Message::Text(text) => text,
            Message::Close(_) => break,
            Message::Binary(_) => {
                let _ = answers.send(error_answer(None, &source.bad_ask("asks are text".into())));
                continue;
            }
            _ => continue,
        };
        let ask = match read_ask(&text) {
            Ok(ask) => ask,
            Err((id, reason)) => {
                let _ = answers.send(error_answer(id, &source.bad_ask(reason)));
                continue;
            }
        };
        let (source, answers, foreground) = (
            Arc::clone(&source),
            answers.clone(),
            Arc::clone(&foreground),
        );
        tokio::spawn(async move {
            let answer = answer(source, ask, foreground).await;
            let _ = answers.send(answer);
        });
    }
    drop(answers);
    let _ = writer.await;
    Ok(())
}

async fn answer<S: PageSource>(
    source: Arc<S>,
    ask: PageAsk,
    foreground: Arc<AtomicUsize>,
) -> Message {
    let id = ask.id;
    let asked = Instant::now();
    let waiting = (!ask.background).then(|| Foreground::enter(Arc::clone(&foreground)));
    let rendered = tokio::task::spawn_blocking(move || {
        if ask.background {
            wait_for_foreground(&foreground);
        }
        let started = Instant::now();
        source.render(&ask).map(|runs| (runs, started))
    })
    .await;
    drop(waiting);
    match rendered {
        Ok(Ok((runs, started))) => {
            let micros = |d: Duration| u32::try_from(d.as_micros()).unwrap_or(u32::MAX);
            let mut bytes = Vec::with_capacity(PAGE_AT + runs.len());
            bytes.extend_from_slice(&id.to_le_bytes());
            bytes.extend_from_slice(&micros(started - asked).to_le_bytes());
            bytes.extend_from_slice(&micros(started.elapsed()).to_le_bytes());
            bytes.extend_from_slice(&runs);
            Message::binary(bytes)
        }
        Ok(Err(e)) => error_answer(Some(id), &e),
        Err(join) => Message::text(
            serde_json::json!({ "id": id, "error": { "code": "internal", "message": join.to_string() } })
                .to_string(),
        ),
    }
}

fn read_ask(text: &Utf8Bytes) -> Result<PageAsk, (Option<u32>, String)> {
    let ask: PageAsk = serde_json::from_str(text).map_err(|e| {
        let id = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("id")?.as_u64())
            .and_then(|id| u32::try_from(id).ok());
        (id, format!("not a page ask: {e}"))
    })?;
    if !(ask.scale.is_finite() && ask.scale > 0.0 && ask.scale <= MAX_SCALE) {
        return Err((Some(ask.id), format!("scale {} is out of range", ask.scale)));
    }
    if ask.region.is_some_and(|r| r.width == 0 || r.height == 0) {
        return Err((Some(ask.id), "the region is empty".into()));
    }
    Ok(ask)
}

fn error_answer<E: Serialize>(id: Option<u32>, error: &E) -> Message {
    let body = serde_json::json!({ "id": id, "error": error });
    Message::text(body.to_string())
}

/// Whether the handshake's query carries `token`, compared in constant time.
fn has_token(request: &Request, token: &str) -> bool {
    let given = request
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("token="))
        .unwrap_or("");
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Counts asks the user is waiting for while they render.
struct Foreground(Arc<AtomicUsize>);

impl Foreground {
    fn enter(count: Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Self(count)
    }
}

impl Drop for Foreground {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Blocks while foreground asks render (at most a few seconds, so a stuck
/// render cannot starve prefetching for good).
fn wait_for_foreground(count: &AtomicUsize) {
    let started = Instant::now();
    while count.load(Ordering::SeqCst) > 0 && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handshake(uri: &str) -> Request {
        Request::builder().uri(uri).body(()).unwrap_or_default()
    }

    #[test]
    fn only_the_exact_token_opens_the_socket() {
        let token = "0123456789abcdef0123456789abcdef";
        assert!(has_token(
            &handshake(&format!("/pages?token={token}")),
            token
        ));
        assert!(has_token(
            &handshake(&format!("/pages?x=1&token={token}")),
            token
        ));
        assert!(!has_token(&handshake("/pages"), token));
        assert!(!has_token(&handshake("/pages?token="), token));
        assert!(!has_token(
            &handshake(&format!("/pages?token={}", &token[1..])),
            token
        ));
        assert!(!has_token(
            &handshake(&format!("/pages?token={token}0")),
            token
        ));
        assert!(!has_token(
            &handshake(&format!("/pages?xtoken={token}")),
            token
        ));
        let mut wrong = token.to_owned();
        wrong.replace_range(31.., "0");
        assert!(!has_token(
            &handshake(&format!("/pages?token={wrong}")),
            token
        ));
    }

    #[test]
    fn asks_are_read_and_checked() {
        let text = |s: &str| Utf8Bytes::from(s.to_owned());
        let ask = read_ask(&text(r#"{"id":7,"doc":3,"page":12,"scale":2.5}"#));
        assert_eq!(
            ask,
            Ok(PageAsk {
                id: 7,
                doc: 3,
                page: 12,
                scale: 2.5,
                region: None,
                background: false
            })
        );
        let tile = read_ask(&text(
            r#"{"id":8,"doc":3,"page":1,"scale":4,"background":true,
                "region":{"x":1024,"y":0,"width":512,"height":256}}"#,
        ));
        assert!(tile.is_ok_and(|a| a.background && a.region.is_some_and(|r| r.x == 1024)));
        let huge = read_ask(&text(r#"{"id":9,"doc":3,"page":1,"scale":1000}"#));
        assert!(matches!(huge, Err((Some(9), _))));
        let empty = read_ask(&text(
            r#"{"id":10,"doc":3,"page":1,"scale":1,"region":{"x":0,"y":0,"width":0,"height":5}}"#,
        ));
        assert!(matches!(empty, Err((Some(10), _))));
        assert!(matches!(
            read_ask(&text(r#"{"id":11,"page":1}"#)),
            Err((Some(11), _))
        ));
        assert!(matches!(read_ask(&text("<html>")), Err((None, _))));
    }
}
