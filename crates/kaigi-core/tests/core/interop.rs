//! Kaigi and an independent client (matrix-nio, with its own encryption) talk
//! both ways in an encrypted room: messages, replies, edits, reactions and
//! files, each read back decrypted on the other side.

use kaigi_core::chat::{MessageEntry, NewRoom, OpenRoom, TimelineEntry, rooms};
use kaigi_testkit::NioPeer;
use serde_json::json;

use crate::chat::{Shared, find, mirror};
use crate::{eventually, homeserver, knows_devices, members_joined, signed_in_at};

async fn arrived(
    view: &Shared<TimelineEntry>,
    what: &str,
    pick: impl Fn(&MessageEntry) -> bool,
) -> MessageEntry {
    eventually(60, what, async || {
        find(view, &pick).filter(|m| m.event_id.is_some())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn kaigi_and_matrix_nio_exchange_everything_encrypted() {
    let hs = homeserver();
    let (_a, _pa, alice) = signed_in_at(&hs, "interop-kaigi").await;
    let nio_user = hs.register_random("interop-nio").await.unwrap();
    let mut nio = NioPeer::start(&hs, &nio_user).await.unwrap();

    let room_id = rooms::create_room(
        &alice,
        NewRoom::group("相互運用", vec![nio_user.user_id.clone()]),
    )
    .await
    .unwrap();
    // nio accepts invitations by itself.
    members_joined(&alice, &room_id, 2).await;
    knows_devices(&alice, &nio_user.user_id).await;
    let (view, sink) = mirror::<TimelineEntry>();
    let room = OpenRoom::open(&alice, &room_id, sink).await.unwrap();

    // Kaigi → nio: a Japanese message, read decrypted.
    room.send_text("本日の会議は15時からです").await.unwrap();
    let from_kaigi = nio
        .wait(
            &room_id,
            json!({"type": "m.room.message", "content": {"body": "本日の会議は15時からです"}}),
            60,
        )
        .await
        .unwrap();
    let kaigi_event = from_kaigi["event_id"].as_str().unwrap().to_owned();

    // nio → Kaigi: a message, a reply to Kaigi's and a reaction to it.
    let nio_event = nio.send_text(&room_id, "了解しました").await.unwrap();
    let nio_msg = arrived(&view, "nio's message", |m| m.body == "了解しました").await;
    assert_eq!(nio_msg.sender, nio_user.user_id);
    nio.send(
        &room_id,
        "m.room.message",
        json!({"msgtype": "m.text", "body": "場所は?",
               "m.relates_to": {"m.in_reply_to": {"event_id": kaigi_event}}}),
    )
    .await
    .unwrap();
    let nio_reply = arrived(&view, "nio's reply", |m| m.body.ends_with("場所は?")).await;
    assert_eq!(nio_reply.body, "場所は?", "the reply fallback is not shown");
    assert_eq!(nio_reply.reply_to.as_ref().unwrap().event_id, kaigi_event);
    nio.send(
        &room_id,
        "m.reaction",
        json!({"m.relates_to": {"rel_type": "m.annotation", "event_id": kaigi_event, "key": "👍"}}),
    )
    .await
    .unwrap();
    eventually(60, "nio's reaction on Kaigi's message", async || {
        find(&view, |m| m.event_id.as_deref() == Some(&kaigi_event)).filter(|m| {
            m.reactions
                .iter()
                .any(|r| r.key == "👍" && r.count == 1 && !r.mine)
        })
    })
    .await;

    // nio edits its message; Kaigi shows the new text.
    nio.send(
        &room_id,
        "m.room.message",
        json!({"msgtype": "m.text", "body": "* 了解、出席します",
               "m.new_content": {"msgtype": "m.text", "body": "了解、出席します"},
               "m.relates_to": {"rel_type": "m.replace", "event_id": nio_event}}),
    )
    .await
    .unwrap();
    let edited = arrived(&view, "nio's edit", |m| {
        m.event_id.as_deref() == Some(&nio_event) && m.body == "了解、出席します"
    })
    .await;
    assert!(edited.is_edited);

    // Kaigi → nio: a reply, a reaction and an edit, all of which nio reads.
    room.reply(&nio_msg.item, "会議室Bでお願いします")
        .await
        .unwrap();
    nio.wait(
        &room_id,
        json!({"content": {"body": "会議室Bでお願いします",
                           "m.relates_to": {"m.in_reply_to": {"event_id": nio_event}}}}),
        60,
    )
    .await
    .unwrap();
    room.toggle_reaction(&nio_msg.item, "🙏").await.unwrap();
    nio.wait(
        &room_id,
        json!({"type": "m.reaction",
               "content": {"m.relates_to": {"rel_type": "m.annotation", "event_id": nio_event, "key": "🙏"}}}),
        60,
    )
    .await
    .unwrap();
    let mine = arrived(&view, "Kaigi's message", |m| {
        m.body == "本日の会議は15時からです"
    })
    .await;
    room.edit(&mine.item, "本日の会議は16時からに変更です")
        .await
        .unwrap();
    nio.wait(
        &room_id,
        json!({"content": {"m.new_content": {"body": "本日の会議は16時からに変更です"},
                           "m.relates_to": {"rel_type": "m.replace", "event_id": kaigi_event}}}),
        60,
    )
    .await
    .unwrap();

    // Files both ways, encrypted, byte for byte.
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("議事録.txt");
    std::fs::write(&ours, "議事録: 予算案は承認されました。\n".repeat(50)).unwrap();
    room.send_file(&ours).await.unwrap();
    let file_event = nio
        .wait(
            &room_id,
            json!({"content": {"msgtype": "m.file", "body": "議事録.txt"}}),
            60,
        )
        .await
        .unwrap();
    assert!(
        file_event["content"]["file"]["url"].is_string(),
        "the file went encrypted: {file_event}"
    );
    let got = nio.download(&file_event["content"]).await.unwrap();
    assert_eq!(got, std::fs::read(&ours).unwrap());

    let theirs = dir.path().join("report.csv");
    std::fs::write(&theirs, "氏名,出席\n佐藤,○\n鈴木,×\n").unwrap();
    nio.send_file(&room_id, &theirs, "出欠.csv").await.unwrap();
    let received = arrived(&view, "nio's file", |m| {
        m.file.as_ref().is_some_and(|f| f.name == "出欠.csv")
    })
    .await;
    let attachment = room.attachment(&received.item, false).await.unwrap();
    assert_eq!(attachment.bytes, std::fs::read(&theirs).unwrap());

    // Nothing either side received stayed undecryptable.
    let events = nio
        .call(json!({"cmd": "events", "room": room_id}))
        .await
        .unwrap();
    assert!(
        !events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["type"] == "undecryptable"),
        "nio could not decrypt something: {events}"
    );
    assert!(
        !view
            .lock()
            .unwrap()
            .iter()
            .any(|e| matches!(e, TimelineEntry::Undecryptable(_)))
    );
    nio.quit().await.unwrap();
}
