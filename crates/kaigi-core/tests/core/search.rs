//! The search index fills from sync, encrypted rooms included, follows edits
//! and deletions, and keeps no plaintext on disk.

use kaigi_core::chat::{NewRoom, OpenRoom, TimelineEntry, rooms};
use matrix_sdk::RoomState;
use matrix_sdk::ruma::RoomId;

use crate::chat::mirror;
use crate::{eventually, signed_in};

#[tokio::test(flavor = "multi_thread")]
async fn encrypted_messages_are_searchable_in_japanese() {
    let (_a, _pa, alice) = signed_in("search-alice").await;
    let (bob_user, pb, bob) = signed_in("search-bob").await;
    let room_id = rooms::create_room(
        &alice,
        NewRoom::group("人事", vec![bob_user.user_id.clone()]),
    )
    .await
    .unwrap();
    let id = RoomId::parse(&room_id).unwrap();
    eventually(30, "bob's invitation", async || {
        bob.client()
            .get_room(&id)
            .filter(|r| r.state() == RoomState::Invited)
    })
    .await;
    rooms::join(&bob, &room_id).await.unwrap();
    let (alice_view, sink) = mirror::<TimelineEntry>();
    let room = OpenRoom::open(&alice, &room_id, sink).await.unwrap();
    // Wait for Bob's membership to reach Alice, so the room key is shared with him.
    eventually(30, "bob in alice's member list", async || {
        let members = alice
            .client()
            .get_room(&id)?
            .members_no_sync(matrix_sdk::RoomMemberships::JOIN)
            .await
            .ok()?;
        (members.len() == 2).then_some(())
    })
    .await;

    room.send_text("来週の人事異動の内示について")
        .await
        .unwrap();
    room.send_text("会議室は3階です").await.unwrap();
    let hits = eventually(60, "bob to find 人事 in the index", async || {
        let hits = bob.search().search("人事", None, 10).ok()?;
        (!hits.is_empty()).then_some(hits)
    })
    .await;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].room_id, room_id);
    assert_eq!(hits[0].body, "来週の人事異動の内示について");
    eventually(30, "one-character query", async || {
        let hits = bob.search().search("階", Some(&room_id), 10).ok()?;
        (hits.len() == 1).then_some(())
    })
    .await;

    // An edit replaces the indexed text; a deletion removes it.
    let sent = eventually(30, "alice's message sent", async || {
        alice_view.lock().unwrap().iter().find_map(|e| match e {
            TimelineEntry::Message(m) if m.body == "会議室は3階です" && m.event_id.is_some() => {
                Some(m.item.clone())
            }
            _ => None,
        })
    })
    .await;
    room.edit(&sent, "会議室は5階に変更です").await.unwrap();
    eventually(30, "the edit in the index", async || {
        let hits = bob.search().search("変更", None, 10).ok()?;
        let old = bob.search().search("3階", None, 10).ok()?;
        (hits.len() == 1 && old.is_empty()).then_some(())
    })
    .await;
    room.redact(&sent, None).await.unwrap();
    eventually(30, "the deletion in the index", async || {
        bob.search()
            .search("変更", None, 10)
            .ok()?
            .is_empty()
            .then_some(())
    })
    .await;

    // The index file holds no plaintext.
    let raw = std::fs::read(pb.dir.path().join("search.sqlite")).unwrap();
    let needle = "人事".as_bytes();
    assert!(!raw.windows(needle.len()).any(|w| w == needle));
}
