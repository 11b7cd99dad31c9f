//! Room management and what people do to messages: create rooms in a space,
//! invite, join, reply, react, edit, delete, threads, direct chats, leave.

use kaigi_core::chat::{
    Focus, MessageEntry, NewRoom, OpenRoom, RoomListSubscription, RoomSummary, SendState,
    TimelineEntry, rooms,
};
use matrix_sdk::RoomState;
use matrix_sdk::ruma::RoomId;

use crate::chat::{Shared, mirror};
use crate::{eventually, signed_in};

fn message(view: &Shared<TimelineEntry>, body: &str) -> Option<MessageEntry> {
    view.lock().unwrap().iter().find_map(|e| match e {
        TimelineEntry::Message(m) if m.body == body => Some((**m).clone()),
        _ => None,
    })
}

/// The message with `body`, once it has an event id (it reached the server).
async fn sent(view: &Shared<TimelineEntry>, body: &str) -> MessageEntry {
    eventually(60, body, async || {
        message(view, body).filter(|m| m.event_id.is_some() && m.send_state == SendState::Sent)
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn rooms_in_a_space_and_everything_done_to_messages() {
    let (_a, _pa, alice) = signed_in("alice").await;
    let (bob_user, _pb, bob) = signed_in("bob").await;
    let (bob_rooms, sink) = mirror::<RoomSummary>();
    let _bob_list = RoomListSubscription::start(&bob, sink).await.unwrap();

    // A department (space) with an encrypted room in it; Bob is invited to both.
    let space = rooms::create_room(
        &alice,
        NewRoom {
            name: "総務部".into(),
            topic: None,
            invite: vec![bob_user.user_id.clone()],
            space: None,
            is_space: true,
        },
    )
    .await
    .unwrap();
    let room_id = rooms::create_room(
        &alice,
        NewRoom {
            name: "<b>庶務</b> 連絡".into(),
            topic: Some("週次の連絡".into()),
            invite: vec![bob_user.user_id.clone()],
            space: Some(space.clone()),
            is_space: false,
        },
    )
    .await
    .unwrap();
    let alice_room = alice
        .client()
        .get_room(&RoomId::parse(&room_id).unwrap())
        .unwrap();
    assert!(
        alice_room
            .latest_encryption_state()
            .await
            .unwrap()
            .is_encrypted()
    );
    eventually(30, "the room listed in its space", async || {
        let ids = rooms::space_rooms(&alice, &space).await.ok()?;
        (ids == [room_id.clone()]).then_some(())
    })
    .await;

    // Names are refused when empty, user ids when malformed.
    let empty = NewRoom::group("  ", vec![]);
    assert!(rooms::create_room(&alice, empty).await.is_err());
    assert!(rooms::invite(&alice, &room_id, "not a user").await.is_err());

    // Bob sees both invitations in his list and accepts them; the room name
    // stays text, markup and all.
    let invited = eventually(30, "bob's invitation", async || {
        let list = bob_rooms.lock().unwrap();
        list.iter()
            .find(|r| r.id == room_id && r.is_invite)
            .cloned()
    })
    .await;
    assert_eq!(invited.name, "<b>庶務</b> 連絡");
    rooms::join(&bob, &space).await.unwrap();
    rooms::join(&bob, &room_id).await.unwrap();
    eventually(30, "bob to be in the room", async || {
        let list = bob_rooms.lock().unwrap();
        list.iter()
            .find(|r| r.id == room_id && !r.is_invite && r.is_encrypted)
            .cloned()
    })
    .await;
    eventually(30, "the room in bob's space", async || {
        let ids = rooms::space_rooms(&bob, &space).await.ok()?;
        ids.contains(&room_id).then_some(())
    })
    .await;

    let (alice_view, sink) = mirror::<TimelineEntry>();
    let alice_open = OpenRoom::open(&alice, &room_id, sink).await.unwrap();
    let (bob_view, sink) = mirror::<TimelineEntry>();
    let bob_open = OpenRoom::open(&bob, &room_id, sink).await.unwrap();

    // Markdown goes out formatted; what arrives is sanitised HTML.
    alice_open
        .send_text("**至急** <script>window.x=1</script>確認")
        .await
        .unwrap();
    let first = eventually(60, "bob to receive the formatted message", async || {
        bob_view.lock().unwrap().iter().find_map(|e| match e {
            TimelineEntry::Message(m) if m.html.is_some() => Some((**m).clone()),
            _ => None,
        })
    })
    .await;
    let html = first.html.clone().unwrap();
    assert!(html.contains("<strong>至急</strong>"), "{html}");
    assert!(!html.contains("<script"), "{html}");

    // Bob replies; Alice sees the reply with a preview of what it answers.
    let first_id = first.event_id.clone().unwrap();
    bob_open.reply(&first_id, "了解しました").await.unwrap();
    let reply = eventually(60, "alice to see the reply", async || {
        message(&alice_view, "了解しました").filter(|m| m.reply_to.is_some())
    })
    .await;
    assert_eq!(reply.reply_to.unwrap().event_id, first_id);

    // Bob reacts; Alice sees one 👍 that is not hers. Toggling takes it back.
    assert!(bob_open.toggle_reaction(&first.item, "👍").await.unwrap());
    eventually(60, "alice to see the reaction", async || {
        let m = message(&alice_view, &first.body)?;
        m.reactions
            .iter()
            .find(|r| r.key == "👍" && r.count == 1 && !r.mine)
            .map(|_| ())
    })
    .await;
    assert!(bob_open.toggle_reaction(&first.item, "   ").await.is_err());
    assert!(!bob_open.toggle_reaction(&first.item, "👍").await.unwrap());
    eventually(60, "alice to see the reaction go", async || {
        message(&alice_view, &first.body)?
            .reactions
            .is_empty()
            .then_some(())
    })
    .await;

    // Alice edits her message; Bob sees the new text, marked edited.
    let mine = sent(&alice_view, &first.body).await;
    assert!(mine.can_edit);
    alice_open
        .edit(&mine.item, "至急、確認してください")
        .await
        .unwrap();
    let edited = eventually(60, "bob to see the edit", async || {
        message(&bob_view, "至急、確認してください").filter(|m| m.is_edited)
    })
    .await;
    assert_eq!(edited.event_id, first.event_id);

    // A thread: Alice answers in the thread of Bob's reply; the live timeline
    // counts the reply, the thread timeline shows it.
    let bobs = sent(&bob_view, "了解しました").await;
    let root = bobs.event_id.clone().unwrap();
    let (thread_view, sink) = mirror::<TimelineEntry>();
    let thread = OpenRoom::open_focused(
        &alice,
        &room_id,
        Focus::Thread(root.as_str().try_into().unwrap()),
        sink,
    )
    .await
    .unwrap();
    thread.send_text("スレッドで返信").await.unwrap();
    let in_thread = sent(&thread_view, "スレッドで返信").await;
    assert_eq!(in_thread.thread_root.as_deref(), Some(root.as_str()));
    eventually(60, "bob to see the thread summary", async || {
        (message(&bob_view, "了解しました")?.thread_replies == 1).then_some(())
    })
    .await;
    assert!(
        message(&bob_view, "スレッドで返信").is_none(),
        "thread replies stay in their thread"
    );

    // Bob deletes his reply; Alice sees it removed.
    bob_open.redact(&bobs.item, None).await.unwrap();
    eventually(60, "alice to see the reply removed", async || {
        message(&alice_view, "了解しました").is_none().then_some(())
    })
    .await;
    assert!(
        alice_view
            .lock()
            .unwrap()
            .iter()
            .any(|e| matches!(e, TimelineEntry::Redacted(_)))
    );
    assert!(bob_open.redact("$nope", None).await.is_err());

    // A direct chat is created once and found again after.
    let dm = rooms::direct_chat(&alice, &bob_user.user_id).await.unwrap();
    let dm_room = alice
        .client()
        .get_room(&RoomId::parse(&dm).unwrap())
        .unwrap();
    eventually(30, "the DM marked direct", async || {
        dm_room.is_direct().await.ok()?.then_some(())
    })
    .await;
    assert_eq!(
        rooms::direct_chat(&alice, &bob_user.user_id).await.unwrap(),
        dm,
        "the DM is found again, not made twice"
    );
    assert!(
        rooms::direct_chat(&alice, alice.user_id().as_str())
            .await
            .is_err()
    );
    let dm_invite = eventually(30, "bob's DM invitation", async || {
        let list = bob_rooms.lock().unwrap();
        list.iter().find(|r| r.id == dm).cloned()
    })
    .await;
    assert!(dm_invite.is_invite);

    // Bob declines the DM and leaves the room.
    rooms::leave(&bob, &dm).await.unwrap();
    rooms::leave(&bob, &room_id).await.unwrap();
    eventually(30, "the rooms gone from bob's list", async || {
        let list = bob_rooms.lock().unwrap();
        (!list.iter().any(|r| r.id == dm || r.id == room_id)).then_some(())
    })
    .await;
    let left = bob
        .client()
        .get_room(&RoomId::parse(&room_id).unwrap())
        .unwrap();
    assert_eq!(left.state(), RoomState::Left);
}
