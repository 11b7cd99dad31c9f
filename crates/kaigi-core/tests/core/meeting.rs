//! Meetings on a real Synapse: the organiser creates one with its agenda and
//! invites; the participant sees it listed, joins, and reads it; the server
//! refuses a participant's change to the agenda or the presenter until the
//! organiser grants the presenter's role.

use kaigi_core::ErrorCode;
use kaigi_core::HasErrorCode;
use kaigi_core::meeting::{
    self, FollowMode, MeetingForm, MeetingState, PresenterEventContent, When,
};
use matrix_sdk::ruma::{RoomId, UserId};

use crate::{eventually, joined, signed_in};

const HOUR: i64 = 3_600_000;

fn now_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.map_or(0, |d| d.as_millis() as i64)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_meeting_is_created_listed_and_only_its_organiser_or_presenter_changes_it() {
    let (_o, _po, organiser) = signed_in("meet-org").await;
    let (part_user, _pp, participant) = signed_in("meet-part").await;
    let starts_at = now_ms() + HOUR;
    let room_id = meeting::create_meeting(
        &organiser,
        MeetingForm {
            title: " 第1回 デジタル推進会議 ".into(),
            starts_at,
            ends_at: starts_at + 2 * HOUR,
            place: Some("本庁舎 3階 大会議室".into()),
            online_url: None,
            agenda: vec!["開会".into(), "予算案について".into(), "閉会".into()],
            invite: vec![part_user.user_id.clone()],
        },
    )
    .await
    .unwrap();

    // Invited: listed with its title before joining.
    let invitation = eventually(30, "the invitation in the meeting list", async || {
        let list = meeting::meetings(&participant, now_ms(), 0).await.ok()?;
        list.into_iter().find(|m| m.room_id == room_id)
    })
    .await;
    assert!(invitation.invited);
    assert_eq!(invitation.title, "第1回 デジタル推進会議");

    joined(&participant, &room_id).await;
    let listed = eventually(30, "the meeting's details after joining", async || {
        let list = meeting::meetings(&participant, now_ms(), 0).await.ok()?;
        list.into_iter()
            .find(|m| m.room_id == room_id && m.meeting.is_some())
    })
    .await;
    let details = listed.meeting.clone().unwrap();
    assert!(!listed.invited);
    assert_ne!(listed.when, When::Past);
    assert_eq!(details.state, MeetingState::Scheduled);
    assert_eq!(details.place.as_deref(), Some("本庁舎 3階 大会議室"));
    let titles: Vec<&str> = details.agenda.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["開会", "予算案について", "閉会"]);
    let room = participant
        .client()
        .get_room(&RoomId::parse(&room_id).unwrap())
        .unwrap();
    assert!(
        room.latest_encryption_state().await.unwrap().is_encrypted(),
        "a meeting is encrypted"
    );

    // The participant may neither edit the agenda nor move the presenter.
    let mut edited = details.clone();
    edited.agenda.remove(1);
    let refused = meeting::update_meeting(&participant, &room_id, edited.clone())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden, "{refused}");
    let position = PresenterEventContent {
        presenter: UserId::parse(&part_user.user_id).unwrap(),
        material: None,
        page: 3,
        mode: FollowMode::Soft,
    };
    let refused = meeting::set_presenter(&participant, &room_id, position.clone())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden, "{refused}");

    // A participant cannot grant the presenter's role to themselves: the
    // homeserver refuses once their Kaigi has the room's power levels to
    // change.
    let part_room = participant
        .client()
        .get_room(&RoomId::parse(&room_id).unwrap())
        .unwrap();
    eventually(
        30,
        "the room's power levels on the participant's device",
        async || part_room.power_levels().await.ok(),
    )
    .await;
    let refused = meeting::grant_presenter(&participant, &room_id, &part_user.user_id, true)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden, "{refused}");

    // Granted the role, the participant moves the position, but the agenda
    // stays the organiser's.
    meeting::grant_presenter(&organiser, &room_id, &part_user.user_id, true)
        .await
        .unwrap();
    eventually(30, "the participant listed as a presenter", async || {
        let view = meeting::meeting_view(&organiser, &room_id).await.ok()?;
        view.participants
            .iter()
            .any(|p| p.user_id == part_user.user_id && p.presenter)
            .then_some(())
    })
    .await;
    meeting::set_presenter(&participant, &room_id, position.clone())
        .await
        .unwrap();
    let refused = meeting::update_meeting(&participant, &room_id, edited.clone())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden, "{refused}");

    // Withdrawn, the role is gone again. (A different page: the homeserver
    // answers a repeat of the current state without checking it.)
    meeting::grant_presenter(&organiser, &room_id, &part_user.user_id, false)
        .await
        .unwrap();
    let next = PresenterEventContent {
        page: 4,
        ..position.clone()
    };
    let refused = meeting::set_presenter(&participant, &room_id, next)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden, "{refused}");

    // The organiser's edit reaches the participant.
    meeting::update_meeting(&organiser, &room_id, edited.clone())
        .await
        .unwrap();
    eventually(30, "the edited agenda", async || {
        let list = meeting::meetings(&participant, now_ms(), 0).await.ok()?;
        let m = list.into_iter().find(|m| m.room_id == room_id)?.meeting?;
        (m.agenda.len() == 2).then_some(())
    })
    .await;

    // Edited again from the form: the kept item keeps its id though moved, and
    // a colleague is invited as well. A participant may not.
    let extra = crate::homeserver()
        .register_random("meet-extra")
        .await
        .unwrap();
    let edit = MeetingForm {
        title: "第1回 デジタル推進会議（変更）".into(),
        starts_at,
        ends_at: starts_at + 3 * HOUR,
        place: Some("本庁舎 5階".into()),
        online_url: None,
        agenda: vec!["追加議題".into(), edited.agenda[0].title.clone()],
        invite: vec![extra.user_id.clone()],
    };
    let refused = meeting::edit_meeting(&participant, &room_id, edit.clone())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden, "{refused}");
    meeting::edit_meeting(&organiser, &room_id, edit)
        .await
        .unwrap();
    let kept = edited.agenda[0].id.clone();
    let seen = eventually(30, "the second edit", async || {
        let list = meeting::meetings(&participant, now_ms(), 0).await.ok()?;
        let m = list.into_iter().find(|m| m.room_id == room_id)?.meeting?;
        (m.title == "第1回 デジタル推進会議（変更）").then_some(m)
    })
    .await;
    assert_eq!(seen.agenda[1].id, kept);
    assert_eq!(seen.agenda[0].title, "追加議題");
    let room = organiser
        .client()
        .get_room(&RoomId::parse(&room_id).unwrap())
        .unwrap();
    let invited = room
        .members(matrix_sdk::RoomMemberships::INVITE)
        .await
        .unwrap();
    assert!(
        invited
            .iter()
            .any(|m| m.user_id().as_str() == extra.user_id)
    );
}
