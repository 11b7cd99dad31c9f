use std::sync::{Arc, Mutex};

use kaigi_core::chat::{
    ListDiff, MessageEntry, OpenRoom, RoomListSubscription, RoomSummary, TimelineEntry,
};
use kaigi_core::session::Session;
use matrix_sdk::RoomState;
use matrix_sdk::ruma::api::client::room::create_room::v3::Request as CreateRoom;
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::{OwnedUserId, RoomId};

use crate::{eventually, signed_in};

/// A list shared between a subscription's callback and the test.
pub(crate) type Shared<T> = Arc<Mutex<Vec<T>>>;

/// A list kept up to date by the diffs a subscription sends.
pub(crate) fn mirror<T: Clone + Send + 'static>() -> (Shared<T>, impl Fn(Vec<ListDiff<T>>) + Send) {
    let list = Arc::new(Mutex::new(Vec::new()));
    let sink = list.clone();
    (list, move |diffs: Vec<ListDiff<T>>| {
        let mut list = sink.lock().unwrap();
        for d in diffs {
            d.apply_to(&mut list);
        }
    })
}

/// The first message in `view` that `pick` accepts.
pub(crate) fn find(
    view: &Shared<TimelineEntry>,
    pick: impl Fn(&MessageEntry) -> bool,
) -> Option<MessageEntry> {
    view.lock().unwrap().iter().find_map(|e| match e {
        TimelineEntry::Message(m) if pick(m) => Some((**m).clone()),
        _ => None,
    })
}

pub(crate) fn bodies(entries: &[TimelineEntry]) -> Vec<String> {
    entries
        .iter()
        .filter_map(|e| match e {
            TimelineEntry::Message(m) => Some(m.body.clone()),
            _ => None,
        })
        .collect()
}

/// An encrypted room `name` that `by` creates, inviting `invite`.
async fn encrypted_room(by: &Session, name: &str, invite: &str) -> matrix_sdk::Room {
    let mut request = CreateRoom::new();
    request.name = Some(name.to_owned());
    request.invite = vec![OwnedUserId::try_from(invite).unwrap()];
    request.initial_state = vec![
        InitialStateEvent::with_empty_state_key(
            RoomEncryptionEventContent::with_recommended_defaults(),
        )
        .to_raw_any(),
    ];
    by.client().create_room(request).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_users_chat_in_an_encrypted_room() {
    let (_alice, _pa, alice) = signed_in("alice").await;
    let (bob_user, _pb, bob) = signed_in("bob").await;

    // Bob's room list, live.
    let (bob_rooms, sink) = mirror::<RoomSummary>();
    let _bob_list = RoomListSubscription::start(&bob, sink).await.unwrap();

    // Alice creates an encrypted room and invites Bob.
    let room = encrypted_room(&alice, "企画課 連絡", &bob_user.user_id).await;
    let room_id = room.room_id().to_owned();

    // Bob sees the invitation and joins.
    let invited = eventually(30, "bob's invitation", async || {
        bob.client()
            .get_room(&room_id)
            .filter(|r| r.state() == RoomState::Invited)
    })
    .await;
    invited.join().await.unwrap();
    eventually(30, "alice to see bob join", async || {
        let members = room
            .members_no_sync(matrix_sdk::RoomMemberships::JOIN)
            .await
            .ok()?;
        members
            .iter()
            .any(|m| m.user_id().as_str() == bob_user.user_id)
            .then_some(())
    })
    .await;

    // The room shows in Bob's list with its name, encrypted.
    eventually(30, "the room in bob's room list", async || {
        let rooms = bob_rooms.lock().unwrap();
        rooms
            .iter()
            .find(|r| r.id == room_id.as_str() && r.name == "企画課 連絡")
            .cloned()
    })
    .await;
    assert!(
        bob.client()
            .get_room(&room_id)
            .unwrap()
            .encryption_state()
            .is_encrypted()
    );

    // Alice sends; the local echo shows at once, then Bob receives it decrypted.
    let (alice_view, sink) = mirror::<TimelineEntry>();
    let alice_room = OpenRoom::open(&alice, room_id.as_str(), sink)
        .await
        .unwrap();
    let (bob_view, sink) = mirror::<TimelineEntry>();
    let _bob_room = OpenRoom::open(&bob, room_id.as_str(), sink).await.unwrap();

    let text = "資料1の3ページをご確認ください";
    alice_room.send_text(text).await.unwrap();
    eventually(5, "alice's local echo", async || {
        bodies(&alice_view.lock().unwrap())
            .contains(&text.to_owned())
            .then_some(())
    })
    .await;
    eventually(60, "bob to receive the message", async || {
        bodies(&bob_view.lock().unwrap())
            .contains(&text.to_owned())
            .then_some(())
    })
    .await;
    let received = bob_view.lock().unwrap().iter().find_map(|e| match e {
        TimelineEntry::Message(m) if m.body == text => Some(m.clone()),
        _ => None,
    });
    let received = received.unwrap();
    assert!(!received.is_own);
    assert_eq!(received.sender, alice.user_id().as_str());

    // Empty messages are refused before anything is sent.
    assert!(alice_room.send_text("   ").await.is_err());
    assert!(
        OpenRoom::open(&alice, "!nope:localhost", |_| {})
            .await
            .is_err()
    );
    let _ = RoomId::parse(room_id.as_str()).unwrap();
}

/// A room opened the moment it is joined, while messages keep arriving,
/// shows each message once: the timeline is not fed the same sync twice.
#[tokio::test(flavor = "multi_thread")]
async fn a_room_opened_as_it_is_joined_shows_each_message_once() {
    let (_alice, _pa, alice) = signed_in("alice").await;
    let (bob_user, _pb, bob) = signed_in("bob").await;
    for round in 0..4 {
        let room = encrypted_room(&alice, &format!("即時 {round}"), &bob_user.user_id).await;
        let room_id = room.room_id().to_owned();
        let alice_room = OpenRoom::open(&alice, room_id.as_str(), |_| {})
            .await
            .unwrap();
        let invited = eventually(30, "bob's invitation", async || {
            bob.client()
                .get_room(&room_id)
                .filter(|r| r.state() == RoomState::Invited)
        })
        .await;

        // Alice keeps talking while Bob joins and opens the room at once.
        let talk = async {
            for n in 0..6 {
                alice_room.send_text(&format!("{round}-{n}")).await.unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(30)).await;
            }
        };
        let join_and_open = async {
            invited.join().await.unwrap();
            let (view, sink) = mirror::<TimelineEntry>();
            let open = OpenRoom::open(&bob, room_id.as_str(), sink).await.unwrap();
            (view, open)
        };
        let ((), (view, open)) = tokio::join!(talk, join_and_open);
        let last = format!("{round}-5");
        eventually(60, "bob to receive the last message", async || {
            bodies(&view.lock().unwrap()).contains(&last).then_some(())
        })
        .await;

        // Each event once, in the SDK's timeline and in the mirror.
        let ids: Vec<String> = open
            .timeline()
            .items()
            .await
            .iter()
            .filter_map(|i| i.as_event()?.event_id().map(ToString::to_string))
            .collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            ids.len(),
            "round {round}: duplicated events {ids:?}"
        );
        // Alice's messages all differ, so each body shows once.
        let mirrored = bodies(&view.lock().unwrap());
        let once: std::collections::HashSet<&String> = mirrored.iter().collect();
        assert_eq!(once.len(), mirrored.len(), "round {round}: {mirrored:?}");
    }
}
