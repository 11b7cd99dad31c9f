//! Files in an encrypted room: an image with its thumbnail and size, a PDF
//! with a Japanese name, both encrypted on the server and identical when the
//! other member downloads them.

use std::io::Cursor;

use kaigi_core::chat::{ChatError, MessageKind, NewRoom, OpenRoom, TimelineEntry, rooms};
use matrix_sdk::ruma::{EventId, RoomId};

use crate::chat::{find, mirror};
use crate::{eventually, joined, knows_devices, members_joined, signed_in};

fn fixture(name: &str) -> std::path::PathBuf {
    let dir = std::env::var("KAIGI_FIXTURES").expect("KAIGI_FIXTURES: run through scripts/test.sh");
    std::path::Path::new(&dir).join(name)
}

#[tokio::test(flavor = "multi_thread")]
async fn images_and_pdfs_travel_encrypted_and_arrive_intact() {
    let (_a, _pa, alice) = signed_in("files-alice").await;
    let (bob_user, _pb, bob) = signed_in("files-bob").await;
    let room_id = rooms::create_room(
        &alice,
        NewRoom::group("資料共有", vec![bob_user.user_id.clone()]),
    )
    .await
    .unwrap();
    joined(&bob, &room_id).await;
    members_joined(&alice, &room_id, 2).await;
    knows_devices(&alice, &bob_user.user_id).await;

    // A photo whose name carries markup, and the agenda PDF.
    let dir = tempfile::tempdir().unwrap();
    let photo_path = dir.path().join("<img src=x>現場写真.png");
    let mut photo = Vec::new();
    image::RgbImage::from_fn(800, 600, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    })
    .write_to(&mut Cursor::new(&mut photo), image::ImageFormat::Png)
    .unwrap();
    std::fs::write(&photo_path, &photo).unwrap();
    let pdf_path = fixture("agenda-ja.pdf");
    let pdf = std::fs::read(&pdf_path).unwrap();

    let alice_room = OpenRoom::open(&alice, &room_id, |_| {}).await.unwrap();
    alice_room.send_file(&photo_path).await.unwrap();
    alice_room.send_file(&pdf_path).await.unwrap();
    alice_room.send_text("写真と資料です").await.unwrap();
    let missing = alice_room.send_file(&dir.path().join("missing.pdf")).await;
    assert!(
        matches!(missing, Err(ChatError::FileUnreadable(_))),
        "{missing:?}"
    );

    let (view, sink) = mirror::<TimelineEntry>();
    let bob_room = OpenRoom::open(&bob, &room_id, sink).await.unwrap();
    let image = eventually(60, "the photo", async || {
        find(&view, |m| {
            m.msgtype == MessageKind::Image && m.event_id.is_some()
        })
    })
    .await;
    let info = image.file.clone().unwrap();
    assert_eq!(info.name, "_img src=x_現場写真.png");
    assert_eq!((info.width, info.height), (Some(800), Some(600)));
    assert_eq!(info.mimetype.as_deref(), Some("image/png"));
    let document = eventually(60, "the PDF", async || {
        find(&view, |m| {
            m.msgtype == MessageKind::File && m.event_id.is_some()
        })
    })
    .await;
    let doc_info = document.file.clone().unwrap();
    assert_eq!(doc_info.name, "agenda-ja.pdf");
    assert_eq!(doc_info.mimetype.as_deref(), Some("application/pdf"));
    #[allow(clippy::cast_precision_loss)]
    let pdf_len = pdf.len() as f64;
    assert_eq!(doc_info.size, Some(pdf_len));

    // On the server the files are encrypted: the events carry keys, not plain URLs.
    let server_room = bob
        .client()
        .get_room(&RoomId::parse(&room_id).unwrap())
        .unwrap();
    for id in [&image.event_id, &document.event_id] {
        let event = server_room
            .event(&EventId::parse(id.as_deref().unwrap()).unwrap(), None)
            .await
            .unwrap();
        assert!(event.encryption_info().is_some(), "sent in the clear");
        let clear: serde_json::Value = serde_json::from_str(event.raw().json().get()).unwrap();
        let content = &clear["content"];
        assert!(
            content["file"]["key"].is_object(),
            "no encrypted file: {content}"
        );
        assert!(content["url"].is_null(), "a plain media URL: {content}");
    }

    // Bob downloads: the thumbnail is a small JPEG, the files are byte-identical.
    let thumb = bob_room.attachment(&image.item, true).await.unwrap();
    assert_eq!(thumb.mimetype, "image/jpeg");
    let decoded = image::load_from_memory(&thumb.bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (320, 240));
    let full = bob_room.attachment(&image.item, false).await.unwrap();
    assert!(full.bytes == photo, "the photo changed on the way");
    let got = bob_room.attachment(&document.item, false).await.unwrap();
    assert!(got.bytes == pdf, "the PDF changed on the way");
    assert_eq!(got.name, "agenda-ja.pdf");

    let text = eventually(60, "the text", async || {
        find(&view, |m| m.body == "写真と資料です")
    })
    .await;
    let not_a_file = bob_room.attachment(&text.item, false).await;
    assert!(
        matches!(not_a_file, Err(ChatError::NotAFile(_))),
        "{not_a_file:?}"
    );
}
