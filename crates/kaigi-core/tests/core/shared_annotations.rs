//! The shared annotation layer on a real Synapse: a participant's mark on a
//! material reaches the organiser with its author, a malformed one sent by
//! another client is skipped, a participant's file posing as a material is
//! ignored, and removing a mark removes it everywhere.

use kaigi_core::meeting::{self, NewMaterial};
use kaigi_pdf::annotation::{Annotation, Point, Shape};
use matrix_sdk::ruma::RoomId;

use crate::meeting_setup::{fixture, meeting_with};
use crate::{eventually, joined, members_joined, signed_in};

fn ink(id: &str) -> Annotation {
    let stroke = (0..20)
        .map(|i| Point {
            x: 100.0 + i as f32 * 5.0,
            y: 400.0 + (i % 4) as f32 * 3.0,
            pressure: 0.5,
        })
        .collect();
    Annotation {
        id: id.to_owned(),
        page: 1,
        color: "#d32f2f".into(),
        width: 2.0,
        shape: Shape::Ink {
            strokes: vec![stroke],
        },
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shared_mark_reaches_everyone_with_its_author_and_leaves_when_removed() {
    let (_a, _pa, alice) = signed_in("shared-alice").await;
    let (bob_user, _pb, bob) = signed_in("shared-bob").await;
    let (room_id, item) = meeting_with(
        &alice,
        "共有書き込み",
        &["資料確認"],
        vec![bob_user.user_id.clone()],
    )
    .await;
    joined(&bob, &room_id).await;
    members_joined(&alice, &room_id, 2).await;
    let pdf = fixture("agenda-ja.pdf");
    let material = meeting::attach_material(
        &alice,
        &room_id,
        NewMaterial {
            item,
            name: "資料.pdf".into(),
            bytes: pdf,
            pages: 1,
            replaces: None,
        },
    )
    .await
    .unwrap();

    // An annotation that is not one is refused before it is sent.
    let mut bad = ink("bad");
    bad.color = "red; background: url(x)".into();
    assert!(
        meeting::share_annotation(&bob, &room_id, &material, bad)
            .await
            .is_err()
    );
    // Another client sends a malformed one: it is skipped on arrival.
    let bob_room = bob
        .client()
        .get_room(&RoomId::parse(&room_id).unwrap())
        .unwrap();
    bob_room
        .send_raw(
            meeting::shared::ANNOTATION_TYPE,
            serde_json::json!({ "material": material, "annotation": { "id": 5 } }),
        )
        .await
        .unwrap();

    // A participant's file dressed up as a material is not one.
    bob_room
        .send_raw(
            "m.room.message",
            serde_json::json!({
                "msgtype": "m.file", "body": "偽資料.pdf", "file": {},
                "jp.kaigi.material": {"id": "material-fake", "item": "item-x", "version": 1,
                                      "sha256": "00", "pages": 1},
            }),
        )
        .await
        .unwrap();

    let event = meeting::share_annotation(&bob, &room_id, &material, ink("mark-1"))
        .await
        .unwrap();
    let seen = eventually(30, "Bob's mark on Alice's screen", async || {
        let shared = alice
            .meetings()
            .shared_annotations(&room_id, &material)
            .ok()?;
        shared.into_iter().find(|s| s.event_id == event)
    })
    .await;
    assert_eq!(seen.sender, bob_user.user_id);
    assert_eq!(seen.annotation, ink("mark-1"));
    assert_eq!(
        alice
            .meetings()
            .shared_annotations(&room_id, &material)
            .unwrap()
            .len(),
        1,
        "the malformed one is skipped"
    );
    let names: Vec<String> = alice
        .meetings()
        .materials(&room_id)
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["資料.pdf"], "only the organiser's material");
    // Only this material's layer holds it.
    assert!(
        alice
            .meetings()
            .shared_annotations(&room_id, "$other")
            .unwrap()
            .is_empty()
    );

    meeting::unshare_annotation(&bob, &room_id, &event)
        .await
        .unwrap();
    eventually(30, "the mark removed from Alice's screen", async || {
        let shared = alice
            .meetings()
            .shared_annotations(&room_id, &material)
            .ok()?;
        shared.is_empty().then_some(())
    })
    .await;
}
