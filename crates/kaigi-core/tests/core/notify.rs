//! Desktop notifications: mentions and direct messages notify, other group
//! messages do not, and a muted room stays quiet.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kaigi_core::chat::{DesktopNotice, NewRoom, OpenRoom, on_notices, rooms};
use matrix_sdk::notification_settings::RoomNotificationMode;
use matrix_sdk::ruma::RoomId;

use crate::{eventually, joined, knows_devices, members_joined, signed_in};

#[tokio::test(flavor = "multi_thread")]
async fn mentions_and_direct_messages_notify_unless_muted() {
    let (_a, _pa, alice) = signed_in("notify-alice").await;
    let (bob_user, _pb, bob) = signed_in("notify-bob").await;
    let notices: Arc<Mutex<Vec<DesktopNotice>>> = Arc::default();
    let sink = notices.clone();
    on_notices(&bob, move |n| sink.lock().unwrap().push(n)).await;

    let group = rooms::create_room(
        &alice,
        NewRoom::group("総務", vec![bob_user.user_id.clone()]),
    )
    .await
    .unwrap();
    joined(&bob, &group).await;
    let dm = rooms::direct_chat(&alice, &bob_user.user_id).await.unwrap();
    joined(&bob, &dm).await;

    let group_room = OpenRoom::open(&alice, &group, |_| {}).await.unwrap();
    let dm_room = OpenRoom::open(&alice, &dm, |_| {}).await.unwrap();
    // Wait for bob's membership to reach alice so he can decrypt.
    for id in [&group, &dm] {
        members_joined(&alice, id, 2).await;
    }
    knows_devices(&alice, &bob_user.user_id).await;

    group_room.send_text("全体への連絡です").await.unwrap();
    group_room
        .send_text(&format!(
            "{} さん、資料の確認をお願いします",
            bob_user.user_id
        ))
        .await
        .unwrap();
    dm_room.send_text("個別の相談です").await.unwrap();
    let seen = eventually(60, "two notices", async || {
        let list = notices.lock().unwrap().clone();
        (list.len() >= 2).then_some(list)
    })
    .await;
    let mention = seen
        .iter()
        .find(|n| n.room_id == group)
        .expect("the mention notifies");
    assert!(mention.mentions_me);
    assert!(mention.body.contains("資料の確認"));
    assert_eq!(mention.room_name, "総務");
    let direct = seen
        .iter()
        .find(|n| n.room_id == dm)
        .expect("the DM notifies");
    assert_eq!(direct.body, "個別の相談です");
    assert!(
        !seen.iter().any(|n| n.body == "全体への連絡です"),
        "a plain group message must not notify"
    );

    // Bob mutes the group; a mention there no longer notifies, the DM still does.
    bob.client()
        .notification_settings()
        .await
        .set_room_notification_mode(&RoomId::parse(&group).unwrap(), RoomNotificationMode::Mute)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    group_room
        .send_text(&format!("{} ミュート中の呼びかけ", bob_user.user_id))
        .await
        .unwrap();
    dm_room.send_text("ミュート後の個別連絡").await.unwrap();
    eventually(60, "the DM after muting", async || {
        notices
            .lock()
            .unwrap()
            .iter()
            .any(|n| n.body == "ミュート後の個別連絡")
            .then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        !notices
            .lock()
            .unwrap()
            .iter()
            .any(|n| n.body.contains("ミュート中")),
        "a muted room notified"
    );
}
