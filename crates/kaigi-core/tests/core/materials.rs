//! Meeting materials on a real Synapse: attached encrypted, downloaded ahead
//! by each participant (one who joins later too), cached encrypted at rest,
//! receipted to the organiser, readable with the homeserver stopped, and
//! wiped everywhere on revoke, by a client that was offline at the time too.

use kaigi_core::ErrorCode;
use kaigi_core::HasErrorCode;
use kaigi_core::meeting::{self, LocalMeetings, MeetingState};
use kaigi_core::session::Session;
use kaigi_testkit::OwnSynapse;
use matrix_sdk::ruma::api::client::room::get_room_event;
use matrix_sdk::ruma::{EventId, RoomId};

use crate::meeting_setup::{cached, fixture, material, meeting_with};
use crate::{eventually, homeserver, joined, members_joined, signed_in, signed_in_at};

/// The sealed files of a profile's material cache.
fn cache_files(profile_dir: &std::path::Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(profile_dir.join("materials")) else {
        return vec![];
    };
    entries
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn materials_reach_a_later_joiner_are_receipted_and_revoke_wipes_every_copy() {
    let (alice_user, alice_profile, alice) = signed_in("mat-alice").await;
    let (bob_user, bob_profile, bob) = signed_in("mat-bob").await;
    let (carol_user, carol_profile, carol) = signed_in("mat-carol").await;
    // Erin is invited now but signs in on a new computer only later.
    let erin_user = homeserver().register_random("mat-erin").await.unwrap();
    let (room_id, item) = meeting_with(
        &alice,
        "資料配布テスト",
        &["予算案", "その他"],
        vec![
            bob_user.user_id.clone(),
            carol_user.user_id.clone(),
            erin_user.user_id.clone(),
        ],
    )
    .await;
    let pdf = fixture("agenda-ja.pdf");

    // Only an item of the agenda takes materials.
    let refused = meeting::attach_material(&alice, &room_id, material("item-none", &pdf))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::NotFound, "{refused}");

    joined(&carol, &room_id).await;
    members_joined(&alice, &room_id, 2).await;
    let event_id = meeting::attach_material(&alice, &room_id, material(&item, &pdf))
        .await
        .unwrap();
    assert_eq!(cached(&carol, &room_id, &event_id).await, pdf);

    // Bob accepts the invitation only after the material was sent.
    joined(&bob, &room_id).await;
    assert_eq!(cached(&bob, &room_id, &event_id).await, pdf);
    let listed = bob.meetings().materials(&room_id).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "議題1 予算案.pdf");
    assert_eq!(listed[0].item, item);
    assert!(listed[0].cached && listed[0].latest);
    // Encrypted at rest: the file on disk is not the PDF.
    let files = cache_files(bob_profile.dir.path());
    assert_eq!(files.len(), 1);
    assert_ne!(files[0].len(), 0);
    assert!(
        !files[0].windows(5).any(|w| w == b"%PDF-"),
        "a cached material is sealed"
    );

    // Dave is invited only now, so no key for the material was ever sent to
    // him: his Kaigi asks, and the organiser's sends the materials again.
    let (dave_user, _pd, dave) = signed_in("mat-dave").await;
    homeserver()
        .invite(&alice_user, &room_id, &dave_user.user_id)
        .await
        .unwrap();
    joined(&dave, &room_id).await;
    assert_eq!(cached(&dave, &room_id, &event_id).await, pdf);

    let erin_profile = crate::new_profile();
    let erin = Session::sign_in(
        erin_profile.profile.clone(),
        &homeserver().url,
        &erin_user.localpart,
        &erin_user.password,
    )
    .await
    .unwrap();
    joined(&erin, &room_id).await;
    assert_eq!(cached(&erin, &room_id, &event_id).await, pdf);

    // The organiser sees who has it.
    let received = eventually(60, "both receipts", async || {
        let materials = alice.meetings().materials(&room_id).ok()?;
        let by = materials.first()?.received_by.clone();
        [&bob_user, &carol_user, &dave_user, &erin_user]
            .iter()
            .all(|u| by.contains(&u.user_id))
            .then_some(by)
    })
    .await;
    assert_eq!(
        received.len(),
        5,
        "the organiser, Bob, Carol, Dave and Erin: {received:?}"
    );

    // Carol closes Kaigi; the organiser closes the meeting with revoke.
    drop(carol);
    meeting::close_meeting(&alice, &room_id, true)
        .await
        .unwrap();
    eventually(30, "the material wiped from Bob's device", async || {
        (cache_files(bob_profile.dir.path()).is_empty()
            && bob.meetings().materials(&room_id).ok()?.is_empty())
        .then_some(())
    })
    .await;
    let wiped = bob
        .meetings()
        .material_bytes(&room_id, &event_id)
        .unwrap_err();
    assert_eq!(wiped.code(), ErrorCode::NotFound, "{wiped}");
    assert!(cache_files(alice_profile.dir.path()).is_empty());
    let details = eventually(30, "the closed state on Bob's device", async || {
        let details = bob.meetings().details(&room_id).ok()??;
        (details.state == MeetingState::Closed).then_some(details)
    })
    .await;
    assert!(details.revoke);
    assert_eq!(
        details.revoked_by.as_deref(),
        Some(alice.user_id().as_str())
    );

    // The file event is redacted on the homeserver.
    let request = get_room_event::v3::Request::new(
        RoomId::parse(&room_id).unwrap(),
        EventId::parse(&event_id).unwrap(),
    );
    let event = bob.client().send(request).await.unwrap();
    let json: serde_json::Value = event.event.deserialize_as().unwrap();
    assert!(
        json["unsigned"]["redacted_because"].is_object(),
        "the material's event is redacted: {json}"
    );

    // Carol, offline during the revoke, wipes as soon as she syncs.
    assert_eq!(cache_files(carol_profile.dir.path()).len(), 1);
    let carol = Session::restore(carol_profile.profile.clone())
        .await
        .unwrap()
        .unwrap();
    // The file and its entry go in two steps: wait for both.
    eventually(30, "the material wiped from Carol's device", async || {
        (cache_files(carol_profile.dir.path()).is_empty()
            && carol.meetings().materials(&room_id).ok()?.is_empty())
        .then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn materials_stay_readable_with_the_homeserver_stopped() {
    let synapse = OwnSynapse::start().unwrap();
    let hs = synapse.homeserver.clone();
    let (_a, _pa, alice) = signed_in_at(&hs, "offline-alice").await;
    let (bob_user, bob_profile, bob) = signed_in_at(&hs, "offline-bob").await;
    let (room_id, item) = meeting_with(
        &alice,
        "資料配布テスト",
        &["予算案", "その他"],
        vec![bob_user.user_id.clone()],
    )
    .await;
    joined(&bob, &room_id).await;
    members_joined(&alice, &room_id, 2).await;
    let pdf = fixture("agenda-ja.pdf");
    let event_id = meeting::attach_material(&alice, &room_id, material(&item, &pdf))
        .await
        .unwrap();
    cached(&bob, &room_id, &event_id).await;
    eventually(30, "the meeting's details on Bob's device", async || {
        bob.meetings().details(&room_id).ok()?
    })
    .await;

    tokio::task::block_in_place(|| synapse.kill()).unwrap();
    // The list and the material come from this device.
    let list = meeting::meetings(&bob, kaigi_core::now_ms(), 0)
        .await
        .unwrap();
    let listed = list.iter().find(|m| m.room_id == room_id).unwrap();
    assert_eq!(listed.meeting.as_ref().unwrap().agenda[0].title, "予算案");
    assert_eq!(
        bob.meetings().material_bytes(&room_id, &event_id).unwrap(),
        pdf
    );
    drop(bob);

    // After a restart too, with no homeserver at all.
    let local = LocalMeetings::open(bob_profile.profile.clone())
        .await
        .unwrap();
    assert_eq!(local.material_bytes(&room_id, &event_id).unwrap(), pdf);
    assert_eq!(local.materials(&room_id).unwrap()[0].pages, 1);
}
