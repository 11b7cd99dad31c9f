//! Searching every meeting's materials on a real Synapse, with the text read
//! by the real libpdfium: Japanese words of one, two and more characters are
//! found on their page, and a revoke takes the material out of the index.

use std::sync::Arc;

use kaigi_core::meeting;

use crate::meeting_setup::{cached, fixture, material, meeting_with, pdf};
use crate::{eventually, joined, members_joined, signed_in};

#[tokio::test(flavor = "multi_thread")]
async fn materials_are_found_by_their_text_until_revoked() {
    let (_a, _pa, alice) = signed_in("find-alice").await;
    let (bob_user, _pb, bob) = signed_in("find-bob").await;
    let (room_id, item) = meeting_with(
        &alice,
        "資料検索テスト",
        &["報告"],
        vec![bob_user.user_id.clone()],
    )
    .await;
    joined(&bob, &room_id).await;
    members_joined(&alice, &room_id, 2).await;
    let event_id =
        meeting::attach_material(&alice, &room_id, material(&item, &fixture("agenda-ja.pdf")))
            .await
            .unwrap();
    cached(&bob, &room_id, &event_id).await;

    let client = Arc::new(pdf());
    let engine = move || Ok(client.clone());
    let indexed = bob
        .meetings()
        .index_materials(bob.search(), &engine)
        .unwrap();
    assert_eq!(indexed, 1);
    // Read once: a second pass reads nothing.
    assert_eq!(
        bob.meetings()
            .index_materials(bob.search(), &engine)
            .unwrap(),
        0
    );

    let pages = |query: &str| -> Vec<u32> {
        let mut pages: Vec<u32> = bob
            .meetings()
            .search_materials(bob.search(), query, 20)
            .unwrap()
            .into_iter()
            .map(|hit| hit.page)
            .collect();
        pages.sort_unstable();
        pages
    };
    let hits = bob
        .meetings()
        .search_materials(bob.search(), "回収", 20)
        .unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].page, 2);
    assert_eq!(hits[0].room_id, room_id);
    assert_eq!(hits[0].event_id, event_id);
    assert_eq!(hits[0].meeting_title, "資料検索テスト");
    assert!(
        hits[0].snippet.contains("資料は回収されます"),
        "{}",
        hits[0].snippet
    );
    assert_eq!(pages("課"), vec![0, 1], "one character");
    assert_eq!(pages("テレワーク実施状況"), vec![0, 1]);
    assert_eq!(pages("端末"), vec![1]);
    assert!(pages("予算").is_empty());

    meeting::close_meeting(&alice, &room_id, true)
        .await
        .unwrap();
    eventually(60, "the revoke on Bob's device", async || {
        bob.meetings().revoked(&room_id).ok()?.then_some(())
    })
    .await;
    // Nothing of a revoked material is found, and its text leaves the index.
    assert!(pages("回収").is_empty());
    bob.meetings()
        .index_materials(bob.search(), &engine)
        .unwrap();
    assert!(bob.search().indexed_materials().unwrap().is_empty());
}
