//! A meeting run in the real window, with the organiser driven headless
//! through kaigi-core: the invitation is joined, the material arrives on this
//! computer, the view follows the presenter softly (and lets go when the
//! reader moves) and by force, the organiser's shared mark shows, a vote is
//! cast and closed, and the revoke takes the material away.

use anyhow::Result;
use kaigi_core::meeting::{self, FollowMode, MeetingForm, NewMaterial};
use kaigi_pdf::annotation::{Annotation, Point, Shape};
use kaigi_testkit::TestHomeserver;

use crate::harness::{App, alt, click, fixture, sign_in, with_app};
use crate::peer::{Peer, wait_for};

const HOUR: i64 = 3_600_000;

/// Waits until the viewer shows page `page` (1-based).
async fn on_page(app: &App, page: u32) -> Result<()> {
    app.wait_until(
        &format!("the viewer on page {page}"),
        &format!(
            "document.querySelector('[data-testid=page-input]')?.value === '{page}' && \
             document.querySelector('[data-page=\"{page}\"][data-drawn=yes]')"
        ),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_follows_a_presenter_softly_and_by_force_until_the_revoke() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let alice = hs.register_random("e2e-follow-alice").await?;
    let org = hs.register_random("e2e-follow-org").await?;
    let organiser = Peer::sign_in(&hs, &org).await?;
    let starts_at = kaigi_core::now_ms();
    let room_id = meeting::create_meeting(
        &organiser.session,
        MeetingForm {
            title: "第3回 予算審議会".into(),
            starts_at,
            ends_at: starts_at + HOUR,
            place: Some("議会棟 第1委員会室".into()),
            online_url: None,
            agenda: vec!["令和9年度予算案".into(), "その他".into()],
            invite: vec![alice.user_id.clone()],
        },
    )
    .await?;
    let item = meeting::meeting_details(&organiser.session, &room_id)
        .await?
        .map(|m| m.agenda[0].id.clone())
        .unwrap_or_default();
    let material = meeting::attach_material(
        &organiser.session,
        &room_id,
        NewMaterial {
            item: item.clone(),
            name: "予算案 資料.pdf".into(),
            bytes: std::fs::read(fixture("packet-200.pdf"))?,
            pages: 200,
            replaces: None,
        },
    )
    .await?;
    meeting::start_meeting(&organiser.session, &room_id).await?;

    let data = tempfile::tempdir()?;
    with_app("meeting-follow", data.path(), &[], async |app| {
        sign_in(app, &hs.url, &alice).await?;
        app.wait_for("[data-testid=user-id]").await?;
        alt(app, '4').await?;
        click(
            app,
            &format!("[data-room-id=\"{room_id}\"] [data-testid=meeting-join]"),
        )
        .await?;
        app.wait_for("[data-testid=meeting-room]").await?;
        // The material downloads to this computer by itself.
        app.wait_for(&format!(
            "[data-testid=material][data-event-id=\"{material}\"][data-cached=yes]"
        ))
        .await?;

        // Soft follow: the presenter's page opens here.
        let present = async |page: u32, mode: FollowMode| {
            meeting::present(
                &organiser.session,
                &room_id,
                Some(material.clone()),
                page,
                mode,
            )
            .await
        };
        present(4, FollowMode::Soft).await?;
        on_page(app, 5).await?;
        app.wait_for("[data-testid=following]").await?;
        app.screenshot("-presenter-page").await?;

        // Moving away lets go; the presenter's next page does not pull the
        // reader back until they ask.
        click(app, "[data-testid=next-page]").await?;
        on_page(app, 6).await?;
        app.wait_for("[data-testid=back-to-presenter]").await?;
        present(9, FollowMode::Soft).await?;
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        on_page(app, 6).await?;
        click(app, "[data-testid=back-to-presenter]").await?;
        on_page(app, 10).await?;

        // Forced follow holds the reader on the presenter's page.
        present(11, FollowMode::Forced).await?;
        on_page(app, 12).await?;
        app.wait_for("[data-testid=pinned]").await?;
        click(app, "[data-testid=next-page]").await?;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        on_page(app, 12).await?;
        app.screenshot("-forced").await?;

        // The organiser's mark on the shared layer shows here, in their colour.
        let stroke: Vec<Point> = (0..30)
            .map(|i| Point {
                x: 80.0 + i as f32 * 12.0,
                y: 700.0,
                pressure: 0.5,
            })
            .collect();
        let mark = Annotation {
            id: "shared-1".into(),
            page: 11,
            color: "#000000".into(),
            width: 4.0,
            shape: Shape::Ink {
                strokes: vec![stroke],
            },
        };
        meeting::share_annotation(&organiser.session, &room_id, &material, mark).await?;
        app.wait_for("[data-page=\"12\"] [data-testid=shared-layer] svg polyline")
            .await?;
        app.wait_for("[data-testid=shared-author]").await?;
        app.screenshot("-shared-mark").await?;

        // A vote on the item: chosen here, counted, closed by the organiser.
        let poll = meeting::start_vote(&organiser.session, &room_id, &item, "予算案に賛成ですか").await?;
        click(app, "[data-testid=vote] [data-testid=vote-yes]").await?;
        app.wait_until(
            "my vote counted",
            "document.querySelector('[data-testid=vote-yes]')?.dataset.count === '1' && \
             document.querySelector('[data-testid=vote-yes]')?.getAttribute('aria-pressed') === 'true'",
        )
        .await?;
        // The organiser ends the vote once its own count has mine: my vote
        // shows here as soon as it is sent, and may reach the organiser later.
        let organiser_id = organiser.session.user_id().to_string();
        wait_for(60, "the organiser to count my vote", || {
            organiser
                .session
                .meetings()
                .votes(&room_id, &organiser_id)
                .ok()
                .and_then(|votes| votes.into_iter().find(|v| v.event_id == poll))
                .is_some_and(|v| v.choices.first().is_some_and(|c| c.count == 1))
        })
        .await?;
        let closed = meeting::end_vote(&organiser.session, &room_id, &poll).await?;
        anyhow::ensure!(closed.choices[0].count == 1, "the organiser counted {:?}", closed.choices);
        app.wait_for("[data-testid=vote][data-ended=yes]").await?;
        app.screenshot("-vote").await?;

        // The organiser closes with revoke: the material leaves this computer.
        meeting::close_meeting(&organiser.session, &room_id, true).await?;
        app.wait_for("[data-testid=meeting-revoked]").await?;
        app.wait_until(
            "the material gone from the agenda",
            "!document.querySelector('[data-testid=material]')",
        )
        .await?;
        let files = std::fs::read_dir(data.path().join("materials"))
            .map(|d| d.count())
            .unwrap_or(0);
        anyhow::ensure!(files == 0, "{files} material files left after the revoke");
        app.screenshot("-revoked").await?;
        Ok(())
    })
    .await
}
