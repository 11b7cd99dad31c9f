//! A material replaced by its next version, and the search across materials,
//! in the real window. The organiser (driven headless through kaigi-core)
//! attaches 資料1; the reader highlights a line on its second page and
//! underlines the last line with the pen. The organiser attaches version 2,
//! where a page was inserted before and the last line removed: opening it,
//! the highlight is on the third page and the window says which note found
//! no place. Then a word of another page is searched for from the meeting
//! list, and the hit opens its page with the word highlighted.

use anyhow::Result;
use kaigi_core::meeting::{self, MeetingForm, NewMaterial};
use kaigi_testkit::TestHomeserver;

use crate::harness::{App, alt, click, drag, fill, fixture, sign_in, with_app};
use crate::peer::Peer;

/// How many of my annotations page `page` (1-based) shows.
async fn marks_on(app: &App, page: u32, want: u32) -> Result<()> {
    app.wait_until(
        &format!("{want} of my marks on page {page}"),
        &format!(
            "(s => !!s && Number(s.dataset.count) === {want})(
                document.querySelector('[data-page=\"{page}\"] svg[data-testid=annotation-layer]'))"
        ),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn notes_follow_a_new_version_and_a_search_opens_its_page() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let reader = hs.register_random("e2e-ver-reader").await?;
    let org = hs.register_random("e2e-ver-org").await?;
    let organiser = Peer::sign_in(&hs, &org).await?;
    let starts_at = kaigi_core::now_ms();
    let room_id = meeting::create_meeting(
        &organiser.session,
        MeetingForm {
            title: "第1回 デジタル推進会議".into(),
            starts_at,
            ends_at: starts_at + 3_600_000,
            place: None,
            online_url: None,
            agenda: vec!["テレワーク実施状況".into()],
            invite: vec![reader.user_id.clone()],
        },
    )
    .await?;
    let item = meeting::meeting_details(&organiser.session, &room_id)
        .await?
        .map(|m| m.agenda[0].id.clone())
        .unwrap_or_default();
    let first = meeting::attach_material(
        &organiser.session,
        &room_id,
        NewMaterial {
            item: item.clone(),
            name: "資料1.pdf".into(),
            bytes: std::fs::read(fixture("agenda-ja.pdf"))?,
            pages: 3,
            replaces: None,
        },
    )
    .await?;
    let material_id = organiser
        .session
        .meetings()
        .materials(&room_id)?
        .first()
        .map(|m| m.id.clone())
        .unwrap_or_default();

    let data = tempfile::tempdir()?;
    with_app("meeting-versions", data.path(), &[], async |app| {
        sign_in(app, &hs.url, &reader).await?;
        app.wait_for("[data-testid=user-id]").await?;
        alt(app, '4').await?;
        click(app, &format!("[data-room-id=\"{room_id}\"] [data-testid=meeting-join]")).await?;
        let v1 = format!("[data-testid=material][data-event-id=\"{first}\"][data-cached=yes]");
        click(app, &v1).await?;
        // The whole page in view, as a person would set it before writing on it.
        click(app, "select[name=zoom] option[value=fitPage]").await?;
        app.wait_until(
            "the whole-page zoom",
            "Number(document.querySelector('[data-testid=pdf-stage]')?.dataset.zoom) < 60",
        )
        .await?;
        click(app, "[data-testid=next-page]").await?;
        app.wait_for("[data-page=\"2\"][data-drawn=yes]").await?;

        // A highlight over 「在宅勤務を利用した…」, a pen line under 「次回までに…」.
        click(app, "[data-testid=tool-highlighter]").await?;
        drag(app, 2, &[(60.0, 706.0), (200.0, 706.0), (330.0, 706.0)]).await?;
        marks_on(app, 2, 1).await?;
        click(app, "[data-testid=tool-pen]").await?;
        drag(app, 2, &[(60.0, 643.0), (200.0, 643.0), (380.0, 643.0)]).await?;
        marks_on(app, 2, 2).await?;
        app.screenshot("-v1-marked").await?;

        // Version 2 arrives and is opened.
        let second = meeting::attach_material(
            &organiser.session,
            &room_id,
            NewMaterial {
                item: item.clone(),
                name: "資料1 第2版.pdf".into(),
                bytes: std::fs::read(fixture("agenda-ja-v2.pdf"))?,
                pages: 4,
                replaces: Some(material_id.clone()),
            },
        )
        .await?;
        click(app, &format!("[data-testid=material][data-event-id=\"{second}\"][data-cached=yes]")).await?;
        app.wait_for("[data-testid=unplaced-notes]").await?;
        app.wait_until(
            "one note listed as not placed, with its line",
            "document.querySelectorAll('[data-testid=unplaced-note]').length === 1 && \
             document.querySelector('[data-testid=unplaced-note]').textContent.includes('次回までに')",
        )
        .await?;
        // The highlight moved with its line to the inserted page's next one.
        fill(app, "input[name=page-number]", "3\u{E007}").await?;
        app.wait_for("[data-page=\"3\"][data-drawn=yes]").await?;
        marks_on(app, 3, 1).await?;
        marks_on(app, 2, 0).await?;
        app.screenshot("-v2-carried").await?;

        // The previous version still holds the note that found no place.
        click(app, "[data-testid=open-previous]").await?;
        app.wait_for("[data-page=\"2\"][data-drawn=yes]").await?;
        marks_on(app, 2, 1).await?;

        // Search every material from the meeting list: 「回収」 is on the last page.
        click(app, "[data-testid=meeting-back]").await?;
        fill(app, "[data-testid=material-search]", "回収").await?;
        app.wait_until(
            "the material indexed and found",
            "(document.querySelector('[data-testid=material-search-run]').click(), \
              document.querySelectorAll('[data-testid=material-hit][data-page=\"4\"]').length > 0)",
        )
        .await?;
        app.screenshot("-search").await?;
        click(app, "[data-testid=material-hit][data-page=\"4\"]").await?;
        app.wait_for("[data-page=\"4\"][data-drawn=yes]").await?;
        app.wait_until(
            "the word highlighted on its page",
            "document.querySelector('[data-testid=page-input]')?.value === '4' && \
             document.querySelector('[data-page=\"4\"] [data-testid=current-hit]')",
        )
        .await?;
        app.screenshot("-search-hit").await?;
        Ok(())
    })
    .await
}
