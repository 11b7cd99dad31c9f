//! A material's new version on a real Synapse, read with the real libpdfium:
//! a participant's notes on the first version move to the second when it is
//! opened, to another page where their line moved; the note whose line was
//! removed is listed as not placed and stays on the first version.

use kaigi_core::meeting::{self, NewMaterial};
use kaigi_pdf::PdfClient;
use kaigi_pdf::annotation::{Annotation, Point, Rect, Shape};
use kaigi_pdf::protocol::PageText;

use crate::meeting_setup::{cached, fixture, material, meeting_with, pdf};
use crate::{eventually, joined, members_joined, signed_in};

fn line(client: &PdfClient, bytes: &[u8], page: u32, starts: &str) -> Rect {
    let info = client.open_bytes(bytes.to_vec(), None).unwrap();
    let text: PageText = client.page_text(info.id, page).unwrap();
    client.close(info.id);
    text.runs
        .iter()
        .find(|r| r.text.starts_with(starts))
        .unwrap()
        .rect
}

fn mark(id: &str, page: u32, shape: Shape) -> Annotation {
    Annotation {
        id: id.into(),
        page,
        color: "#f9a825".into(),
        width: 2.0,
        shape,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn notes_move_to_the_new_version_and_the_unplaced_are_listed() {
    let (_a, _pa, alice) = signed_in("ver-alice").await;
    let (bob_user, _pb, bob) = signed_in("ver-bob").await;
    let (room_id, item) = meeting_with(
        &alice,
        "版の差し替え",
        &["資料1"],
        vec![bob_user.user_id.clone()],
    )
    .await;
    joined(&bob, &room_id).await;
    members_joined(&alice, &room_id, 2).await;
    let v1 = fixture("agenda-ja.pdf");
    let first = meeting::attach_material(&alice, &room_id, material(&item, &v1))
        .await
        .unwrap();
    cached(&bob, &room_id, &first).await;
    let listed = bob.meetings().materials(&room_id).unwrap();
    let (id, v1_sha) = (listed[0].id.clone(), listed[0].sha256.clone());

    // Bob highlights a line of 資料1 and notes beside the last one.
    let client = pdf();
    let telework = line(&client, &v1, 1, "在宅勤務を利用した");
    let request = line(&client, &v1, 1, "次回までに");
    let store = bob.profile().store();
    let highlight = mark(
        "highlight",
        1,
        Shape::TextHighlight {
            rects: vec![telework],
            text: "在宅勤務を利用した所属数".into(),
        },
    );
    let note = mark(
        "note",
        1,
        Shape::Note {
            at: Point {
                x: request.right + 8.0,
                y: request.top,
                pressure: 0.5,
            },
            text: "担当課に確認".into(),
        },
    );
    store.put_annotation(&v1_sha, &highlight, 1).unwrap();
    store.put_annotation(&v1_sha, &note, 2).unwrap();

    // Alice replaces it: a page is inserted before 資料1, whose last line goes.
    let v2 = fixture("agenda-ja-v2.pdf");
    let second = meeting::attach_material(
        &alice,
        &room_id,
        NewMaterial {
            name: "議題1 予算案 第2版.pdf".into(),
            pages: 4,
            replaces: Some(id),
            ..material(&item, &v2)
        },
    )
    .await
    .unwrap();
    cached(&bob, &room_id, &second).await;
    let v2_sha = eventually(30, "the second version listed as the latest", async || {
        let listed = bob.meetings().materials(&room_id).ok()?;
        let latest = listed.iter().find(|m| m.event_id == second && m.latest)?;
        (latest.version == 2).then(|| latest.sha256.clone())
    })
    .await;

    let report = bob
        .meetings()
        .carry_annotations(&room_id, &second, &client)
        .unwrap();
    assert_eq!(report.moved, 1);
    assert_eq!(report.unplaced.len(), 1, "{report:?}");
    assert_eq!(report.unplaced[0].annotation, note);
    assert!(report.unplaced[0].quote.starts_with("次回までに"));
    assert_eq!(report.unplaced[0].from_sha256, v1_sha);

    // The highlight is on page 3 of the new version, over the same line.
    let moved = store.annotations(&v2_sha).unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].page, 2);
    let target = line(&client, &v2, 2, "在宅勤務を利用した");
    let Shape::TextHighlight { rects, .. } = &moved[0].shape else {
        panic!("{moved:?}")
    };
    assert!(
        (rects[0].top - target.top).abs() < 0.5,
        "{rects:?} {target:?}"
    );
    // Nothing is lost: the note stays on the first version.
    assert_eq!(store.annotations(&v1_sha).unwrap(), vec![note]);

    // Opening it again carries nothing twice and still lists the note.
    let again = bob
        .meetings()
        .carry_annotations(&room_id, &second, &client)
        .unwrap();
    assert_eq!((again.moved, again.unplaced.len()), (0, 1));
    assert_eq!(store.annotations(&v2_sha).unwrap().len(), 1);
}
