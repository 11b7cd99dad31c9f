//! The page socket, as the WebView uses it, serving real pages from two real
//! workers: only with its token, answers matched by id, bad asks answered
//! with errors on a connection that stays open.

use std::collections::HashMap;
use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use kaigi_pdf::page_socket::{PAGE_AT, PageAsk, PageSocket, PageSource};
use kaigi_pdf::protocol::PixelRegion;
use kaigi_pdf::{SplitRenderer, runs};
use serde::Serialize;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use crate::{fixture, new_client, worker_command};

#[derive(Serialize)]
struct Failure {
    code: &'static str,
    message: String,
}

struct Pages(Arc<SplitRenderer>);

impl PageSource for Pages {
    type Error = Failure;

    fn render(&self, ask: &PageAsk) -> Result<Vec<u8>, Failure> {
        self.0
            .render_runs(ask.doc, ask.page, ask.scale, ask.region, ask.background)
            .map_err(|e| Failure {
                code: "pdf",
                message: e.to_string(),
            })
    }

    fn bad_ask(&self, reason: String) -> Failure {
        Failure {
            code: "invalidInput",
            message: reason,
        }
    }
}

async fn serve() -> (PageSocket, Arc<SplitRenderer>, u32) {
    let renderer = SplitRenderer::new(Arc::new(new_client()), worker_command());
    let doc = renderer.open(&fixture("packet-200.pdf"), None).unwrap().id;
    let socket = PageSocket::start(Arc::new(Pages(Arc::clone(&renderer))))
        .await
        .unwrap();
    (socket, renderer, doc)
}

fn ask(id: u32, doc: u32, page: u32) -> PageAsk {
    PageAsk {
        id,
        doc,
        page,
        scale: 1.5,
        region: None,
        background: false,
    }
}

fn text(ask: &PageAsk) -> Message {
    Message::text(serde_json::to_string(ask).unwrap())
}

/// The next `n` answers: pages by id, and errors as (id, JSON).
async fn answers<S>(socket: &mut S, n: usize) -> (HashMap<u32, Vec<u8>>, Vec<serde_json::Value>)
where
    S: StreamExt<Item = Result<Message, WsError>> + Unpin,
{
    let (mut pages, mut errors) = (HashMap::new(), Vec::new());
    while pages.len() + errors.len() < n {
        match socket.next().await.unwrap().unwrap() {
            Message::Binary(b) => {
                let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
                let (id, render_us) = (word(0), word(8));
                assert!(
                    render_us > 0 && render_us < 20_000_000,
                    "render time {render_us} µs"
                );
                pages.insert(id, b[PAGE_AT..].to_vec());
            }
            Message::Text(t) => errors.push(serde_json::from_str(&t).unwrap()),
            other => panic!("unexpected {other:?}"),
        }
    }
    (pages, errors)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_address_with_the_token_connects() {
    let (socket, _, _) = serve().await;
    assert!(socket.url().starts_with("ws://127.0.0.1:"));
    let (base, token) = socket.url().split_once("token=").unwrap();
    for wrong in [
        base.trim_end_matches(['?', '&']).to_owned(),
        format!("{base}token="),
        format!("{base}token={}", token.chars().rev().collect::<String>()),
    ] {
        match tokio_tungstenite::connect_async(wrong.as_str()).await {
            Err(WsError::Http(response)) => assert_eq!(response.status(), 403, "{wrong}"),
            other => panic!("{wrong} was not refused: {:?}", other.map(|_| ())),
        }
    }
    assert!(tokio_tungstenite::connect_async(socket.url()).await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_ask_gets_its_own_page() {
    let (socket, renderer, doc) = serve().await;
    let (mut ws, _) = tokio_tungstenite::connect_async(socket.url())
        .await
        .unwrap();
    let tile = PixelRegion {
        x: 100,
        y: 200,
        width: 300,
        height: 120,
    };
    let asks = [
        ask(1, doc, 0),
        ask(2, doc, 7),
        PageAsk {
            background: true,
            ..ask(3, doc, 8)
        },
        PageAsk {
            region: Some(tile),
            ..ask(4, doc, 7)
        },
        ask(5, doc, 199),
    ];
    for a in &asks {
        ws.send(text(a)).await.unwrap();
    }
    let (pages, errors) = answers(&mut ws, asks.len()).await;
    assert!(errors.is_empty(), "{errors:?}");
    for a in &asks {
        let expected = renderer
            .main()
            .render_runs(doc, a.page, a.scale, a.region)
            .unwrap();
        let got = runs::decode(&pages[&a.id]).unwrap();
        assert_eq!(got, runs::decode(&expected).unwrap(), "ask {}", a.id);
    }
    assert_eq!(runs::decode(&pages[&4]).unwrap().0, 300, "the tile's width");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_asks_get_errors_and_the_connection_stays_open() {
    let (socket, _, doc) = serve().await;
    let (mut ws, _) = tokio_tungstenite::connect_async(socket.url())
        .await
        .unwrap();
    ws.send(Message::text("<script>alert(1)</script>"))
        .await
        .unwrap();
    ws.send(Message::binary(vec![1, 2, 3])).await.unwrap();
    ws.send(Message::text(r#"{"id":7,"doc":1}"#)).await.unwrap();
    ws.send(text(&PageAsk {
        scale: 400.0,
        ..ask(8, doc, 0)
    }))
    .await
    .unwrap();
    ws.send(text(&ask(9, doc + 100, 0))).await.unwrap();
    ws.send(text(&ask(10, doc, 5000))).await.unwrap();
    let (pages, mut errors) = answers(&mut ws, 6).await;
    assert!(pages.is_empty());
    errors.sort_by_key(|e| e["id"].as_u64());
    let codes: Vec<(Option<u64>, &str)> = errors
        .iter()
        .map(|e| (e["id"].as_u64(), e["error"]["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            (None, "invalidInput"),
            (None, "invalidInput"),
            (Some(7), "invalidInput"),
            (Some(8), "invalidInput"),
            (Some(9), "pdf"),
            (Some(10), "pdf"),
        ]
    );
    // After all that, the same connection still serves pages.
    ws.send(text(&ask(11, doc, 3))).await.unwrap();
    let (pages, errors) = answers(&mut ws, 1).await;
    assert!(errors.is_empty() && pages.contains_key(&11));
}
