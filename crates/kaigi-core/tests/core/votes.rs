//! Votes on a real Synapse: the organiser starts a vote on an agenda item,
//! three people vote (one changes their mind), the organiser closes it, and
//! every participant sees the same tally; a vote cast after the close and a
//! close by someone else change nothing.

use kaigi_core::meeting::{self, Vote};
use kaigi_core::session::Session;
use matrix_sdk::ruma::RoomId;

use crate::meeting_setup::meeting_with;
use crate::{eventually, joined, signed_in};

fn counts(vote: &Vote) -> Vec<(String, u32)> {
    vote.choices
        .iter()
        .map(|c| (c.id.clone(), c.count))
        .collect()
}

/// Waits until `session` sees the vote with `total` votes (and `ended`).
async fn tally_seen(session: &Session, room_id: &str, poll: &str, total: u32, ended: bool) -> Vote {
    eventually(30, "the tally", async || {
        let view = meeting::meeting_view(session, room_id).await.ok()?;
        let vote = view.votes.into_iter().find(|v| v.event_id == poll)?;
        let sum: u32 = vote.choices.iter().map(|c| c.count).sum();
        (sum == total && vote.ended == ended).then_some(vote)
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_participant_sees_the_same_tally_and_the_close_records_it() {
    let (_o, _po, org) = signed_in("vote-org").await;
    let (a_user, _pa, a) = signed_in("vote-a").await;
    let (b_user, _pb, b) = signed_in("vote-b").await;
    let (room_id, item) = meeting_with(
        &org,
        "採決テスト",
        &["令和9年度予算案"],
        vec![a_user.user_id.clone(), b_user.user_id.clone()],
    )
    .await;
    joined(&a, &room_id).await;
    joined(&b, &room_id).await;
    // Both have joined on the homeserver, so the organiser's poll is
    // encrypted for both.
    let poll = meeting::start_vote(&org, &room_id, &item, "予算案に賛成ですか")
        .await
        .unwrap();
    // Every participant sees the vote before voting.
    for session in [&a, &b] {
        tally_seen(session, &room_id, &poll, 0, false).await;
    }
    assert!(
        meeting::cast_vote(&a, &room_id, &poll, "maybe")
            .await
            .is_err(),
        "only the vote's choices"
    );
    meeting::cast_vote(&a, &room_id, &poll, "yes")
        .await
        .unwrap();
    meeting::cast_vote(&b, &room_id, &poll, "no").await.unwrap();
    meeting::cast_vote(&b, &room_id, &poll, "yes")
        .await
        .unwrap();
    meeting::cast_vote(&org, &room_id, &poll, "abstain")
        .await
        .unwrap();
    // A participant's "close" is not the organiser's: the vote stays open.
    let b_room = b
        .client()
        .get_room(&RoomId::parse(&room_id).unwrap())
        .unwrap();
    b_room
        .send_raw(
            meeting::vote::POLL_END,
            serde_json::json!({ "m.relates_to": { "rel_type": "m.reference", "event_id": poll } }),
        )
        .await
        .unwrap();

    // Three votes counted can still be b's first choice: wait for the change
    // of mind to arrive too.
    let want: Vec<(String, u32)> = vec![("yes".into(), 2), ("no".into(), 0), ("abstain".into(), 1)];
    let seen = eventually(30, "the tally with b's change of mind", async || {
        let vote = tally_seen(&org, &room_id, &poll, 3, false).await;
        (counts(&vote) == want).then_some(vote)
    })
    .await;
    let closed = meeting::end_vote(&org, &room_id, &poll).await.unwrap();
    assert!(closed.ended);
    // After the close, a change of mind does not count.
    meeting::cast_vote(&a, &room_id, &poll, "no").await.unwrap();
    for session in [&a, &b] {
        let vote = tally_seen(session, &room_id, &poll, 3, true).await;
        assert_eq!(counts(&vote), counts(&seen));
        assert_eq!(vote.item, item);
    }
    let mine = tally_seen(&b, &room_id, &poll, 3, true).await.mine;
    assert_eq!(mine.as_deref(), Some("yes"));
}
