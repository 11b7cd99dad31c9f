//! Work status on a real Synapse: the status room, the board, the auth rules
//! that keep a status its owner's, presence, the report and the autopilot.

use kaigi_core::chat::rooms::{self, NewRoom};
use kaigi_core::session::Session;
use kaigi_core::status::auto::{self, Situation};
use kaigi_core::status::board::{self, BoardWatch};
use kaigi_core::status::event::{AutoReason, StatusEventContent};
use kaigi_core::status::{self, Availability, WorkLocation, WorkStatus};
use kaigi_testkit::{NioPeer, OwnSynapse, TestHomeserver};
use matrix_sdk::ruma::api::client::presence::get_presence;
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;

use crate::{eventually, joined, signed_in, signed_in_at};

pub(crate) const JST: i32 = 9 * 60;
/// 2026-11-02 09:00 JST.
pub(crate) const MORNING: i64 = 1_793_577_600_000;
pub(crate) const HOUR: i64 = 3_600_000;

/// A department (space) made by `head`, with `staff` joined.
pub(crate) async fn department(head: &Session, name: &str, staff: &[&Session]) -> String {
    let mut new = NewRoom::group(
        name,
        staff.iter().map(|s| s.user_id().to_string()).collect(),
    );
    new.is_space = true;
    let space = rooms::create_room(head, new).await.unwrap();
    for member in staff {
        joined(member, &space).await;
    }
    for member in std::iter::once(&head).chain(staff) {
        eventually(30, "the space synced as a space", async || {
            status::room::my_spaces(member)
                .iter()
                .any(|s| s.room_id().as_str() == space)
                .then_some(())
        })
        .await;
    }
    space
}

async fn status_of(viewer: &Session, user: &Session, now: i64) -> Option<WorkStatus> {
    let board = board::board(viewer, now, JST).await.ok()?;
    board
        .departments
        .iter()
        .flat_map(|d| &d.members)
        .find(|m| m.user_id == user.user_id().as_str())?
        .status
        .clone()
        .map(|e| e.status)
}

fn home_busy(note: &str) -> WorkStatus {
    WorkStatus {
        note: Some(note.into()),
        ..WorkStatus::at(WorkLocation::Home, Availability::Busy)
    }
}

/// One member sets a status, the other sees it on the board, then live.
/// Returns both sessions (and their profiles, which must outlive them).
async fn propagation_on(hs: &TestHomeserver) -> (Session, Session, Vec<crate::TestProfile>) {
    let (_h, head_profile, head) = signed_in_at(hs, "kachou").await;
    let (_s, staff_profile, staff) = signed_in_at(hs, "shokuin").await;
    department(&head, "総務課", &[&staff]).await;

    // The head's first status creates the department's status room.
    status::set_my_status(&head, home_busy("15時まで資料作成"), MORNING, None)
        .await
        .unwrap();
    // The member finds it through the space, joins, and sees the status.
    let seen = eventually(30, "the head's status on the board", async || {
        status_of(&staff, &head, MORNING + HOUR).await
    })
    .await;
    assert_eq!(seen, home_busy("15時まで資料作成"));
    let board = board::board(&staff, MORNING + HOUR, JST).await.unwrap();
    assert_eq!(board.departments.len(), 1);
    assert_eq!(board.departments[0].name, "総務課");
    assert_eq!(board.departments[0].members.len(), 2);

    // Later changes arrive live.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let _watch = BoardWatch::start(
        &staff,
        || (MORNING + HOUR, JST),
        move |u| {
            let _ = tx.send(u);
        },
    );
    let office = WorkStatus::at(WorkLocation::Office, Availability::Available);
    status::set_my_status(&head, office.clone(), MORNING + HOUR, None)
        .await
        .unwrap();
    let update = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            let u = rx.recv().await.unwrap();
            if u.member.user_id == head.user_id().as_str()
                && u.member.status.as_ref().map(|e| &e.status) == Some(&office)
            {
                return u;
            }
        }
    })
    .await
    .expect("the change arrived live");
    assert_eq!(update.member.set_at, Some((MORNING + HOUR) as f64));
    (head, staff, vec![head_profile, staff_profile])
}

#[tokio::test(flavor = "multi_thread")]
async fn a_status_reaches_the_other_members_board() {
    propagation_on(&crate::homeserver()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_board_works_with_presence_switched_off() {
    let synapse = OwnSynapse::without_presence().unwrap();
    let (head, staff, _profiles) = propagation_on(&synapse.homeserver).await;
    // Presence really is off: the mirror carried nothing.
    let request = get_presence::v3::Request::new(head.user_id().to_owned());
    let presence = staff.client().send(request).await;
    assert!(
        presence.as_ref().map_or(true, |p| p.status_msg.is_none()),
        "presence should be off: {presence:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn nobody_can_set_another_persons_status() {
    let (_h, _hp, head) = signed_in("kakarichou").await;
    let (_s, _sp, staff) = signed_in("staff").await;
    department(&head, "企画課", &[&staff]).await;
    status::set_my_status(&head, home_busy("在宅"), MORNING, None)
        .await
        .unwrap();
    eventually(30, "the status room", async || {
        status_of(&staff, &head, MORNING).await
    })
    .await;
    let departments = status::room::departments(&staff).await.unwrap();
    let room = &departments[0].status_room;

    let forged = StatusEventContent {
        status: WorkStatus::at(WorkLocation::Leave, Availability::Offline),
        set_at: MORNING,
        auto: None,
    };
    let refused = room
        .send_state_event_for_key(head.user_id(), forged.clone())
        .await
        .expect_err("the server must refuse a status under someone else's id");
    assert_eq!(
        refused
            .as_client_api_error()
            .map(|e| e.status_code.as_u16()),
        Some(403),
        "{refused}"
    );
    // Plain messages are for moderators only: the room holds statuses.
    let chat = room
        .send(RoomMessageEventContent::text_plain("hello"))
        .await
        .expect_err("members may not chat in the status room");
    assert!(
        chat.to_string().contains("403") || chat.to_string().contains("M_FORBIDDEN"),
        "{chat}"
    );
    // My own goes through, and the head's is unchanged.
    room.send_state_event_for_key(staff.user_id(), forged)
        .await
        .unwrap();
    assert_eq!(
        status_of(&staff, &head, MORNING).await,
        Some(home_busy("在宅"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_presence_mirror_reaches_matrix_nio() {
    let hs = crate::homeserver();
    let (_h, _hp, me) = signed_in("mirror").await;
    let nio_user = hs.register_random("nio-presence").await.unwrap();
    let mut nio = NioPeer::start(&hs, &nio_user).await.unwrap();
    // Presence reaches people who share a room with me, like my department.
    let mut new = NewRoom::group("人事課", vec![nio_user.user_id.to_string()]);
    new.is_space = true;
    let space = rooms::create_room(&me, new).await.unwrap();
    nio.join(&space).await.unwrap();
    eventually(30, "the space synced as my department", async || {
        status::room::my_spaces(&me)
            .iter()
            .any(|s| s.room_id().as_str() == space)
            .then_some(())
    })
    .await;

    status::set_my_status(&me, home_busy("15時まで資料作成"), MORNING, None)
        .await
        .unwrap();
    let line = "在宅勤務・取込中 / Home · Busy — 15時まで資料作成";
    let seen = nio
        .wait(
            "#presence",
            serde_json::json!({"sender": me.user_id().as_str(), "content": {"status_msg": line}}),
            30,
        )
        .await
        .unwrap();
    assert_eq!(seen["content"]["presence"], "unavailable");
    nio.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn my_status_survives_a_restart() {
    let (_u, profile, me) = signed_in("restart").await;
    department(&me, "会計課", &[]).await;
    assert!(status::my_status(&me).unwrap().is_none());
    let set = status::set_my_status(&me, home_busy(" 午後は外出 "), MORNING, None)
        .await
        .unwrap();
    assert_eq!(set.note.as_deref(), Some("午後は外出"));
    let presence = eventually(10, "presence status_msg", async || {
        let request = get_presence::v3::Request::new(me.user_id().to_owned());
        me.client().send(request).await.ok()?.status_msg
    })
    .await;
    assert_eq!(presence, "在宅勤務・取込中 / Home · Busy — 午後は外出");
    drop(me);
    let restored = Session::restore(profile.profile.clone())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status::my_status(&restored).unwrap().unwrap().status, set);
    // What the header shows: the status itself that day; the next morning,
    // nothing (no plan was made).
    let now = status::my_status_now(&restored, MORNING + HOUR, JST).unwrap();
    assert_eq!(now.map(|e| (e.status, e.planned)), Some((set, false)));
    assert!(
        status::my_status_now(&restored, MORNING + 24 * HOUR, JST)
            .unwrap()
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_status_without_a_department_is_refused_clearly() {
    let (_u, _p, me) = signed_in("loner").await;
    let error = status::set_my_status(&me, home_busy("x"), MORNING, None)
        .await
        .unwrap_err();
    assert!(
        matches!(error, status::StatusError::NoDepartment),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_autopilot_shows_a_meeting_and_restores_my_choice() {
    let (_h, _hp, me) = signed_in("autopilot").await;
    let (_o, _op, other) = signed_in("watcher").await;
    department(&me, "情報政策課", &[&other]).await;
    let chosen = home_busy("資料作成中");
    status::set_my_status(&me, chosen.clone(), MORNING, None)
        .await
        .unwrap();

    let mut situation = Situation {
        now_ms: MORNING + HOUR,
        offset_min: JST,
        in_meeting: true,
        idle_ms: 0,
        away_after_ms: Some(600_000),
    };
    let meeting = auto::tick(&me, situation).await.unwrap().unwrap();
    assert_eq!(meeting.availability, Availability::InMeeting);
    let seen = eventually(30, "in a meeting on the other's board", async || {
        status_of(&other, &me, MORNING + HOUR)
            .await
            .filter(|s| s.availability == Availability::InMeeting)
    })
    .await;
    assert_eq!(seen.location, WorkLocation::Home);
    assert_eq!(auto::tick(&me, situation).await.unwrap(), None);

    situation.in_meeting = false;
    situation.now_ms += HOUR;
    assert_eq!(
        auto::tick(&me, situation).await.unwrap(),
        Some(chosen.clone())
    );
    let record = status::my_status(&me).unwrap().unwrap();
    assert_eq!(record.auto, Some(AutoReason::Restored));
    eventually(30, "restored on the other's board", async || {
        status_of(&other, &me, situation.now_ms)
            .await
            .filter(|s| *s == chosen)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dead_homeserver_is_named_as_the_reason() {
    let synapse = OwnSynapse::start().unwrap();
    let (_u, _p, me) = signed_in_at(&synapse.homeserver, "offline").await;
    department(&me, "防災課", &[]).await;
    status::set_my_status(&me, home_busy("在宅"), MORNING, None)
        .await
        .unwrap();
    synapse.kill().unwrap();
    // Not "no department": the homeserver cannot be reached, and the UI says so.
    let error = status::set_my_status(&me, home_busy("移動中"), MORNING + HOUR, None)
        .await
        .unwrap_err();
    use kaigi_core::HasErrorCode;
    assert_eq!(
        error.code(),
        kaigi_core::ErrorCode::ServerUnreachable,
        "{error}"
    );
    // What I had set stays mine.
    assert_eq!(
        status::my_status(&me).unwrap().unwrap().status,
        home_busy("在宅")
    );
}
