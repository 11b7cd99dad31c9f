use kaigi_core::status::{self, Availability, WorkLocation, WorkStatus};
use matrix_sdk::ruma::api::client::presence::get_presence;
use matrix_sdk::ruma::api::client::room::create_room::v3::Request as CreateRoom;

use crate::{eventually, signed_in};

#[tokio::test(flavor = "multi_thread")]
async fn my_status_is_kept_and_mirrored_to_presence() {
    let (_u, profile, me) = signed_in("status").await;
    let (observer, _pv, other) = signed_in("observer").await;
    assert_eq!(status::my_status(&me).unwrap(), None);
    // Presence is visible to people who share a room, like a team room.
    let mut request = CreateRoom::new();
    request.invite = vec![observer.user_id.as_str().try_into().unwrap()];
    let room = me.client().create_room(request).await.unwrap();
    other
        .client()
        .join_room_by_id(room.room_id())
        .await
        .unwrap();

    let wanted = WorkStatus {
        location: WorkLocation::Home,
        availability: Availability::Busy,
        note: Some(" 15時まで資料作成 ".into()),
    };
    let set = status::set_my_status(&me, wanted, 1_700_000_000_000)
        .await
        .unwrap();
    assert_eq!(set.note.as_deref(), Some("15時まで資料作成"));
    assert_eq!(status::my_status(&me).unwrap(), Some(set.clone()));

    // Another user reads the mirrored presence from the homeserver.
    let presence = eventually(10, "presence status_msg", async || {
        let request = get_presence::v3::Request::new(me.user_id().to_owned());
        let response = other.client().send(request).await.ok()?;
        response.status_msg.filter(|m| m.contains("在宅勤務"))
    })
    .await;
    assert_eq!(
        presence,
        "在宅勤務・取込中 / Home · Busy — 15時まで資料作成"
    );

    // The status survives a restart of the profile.
    drop(me);
    let restored = kaigi_core::session::Session::restore(profile.profile.clone())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status::my_status(&restored).unwrap(), Some(set));
}
