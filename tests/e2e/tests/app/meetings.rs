//! The meeting list in the real window: an invitation from a colleague shows,
//! and a meeting made with the form reaches the invited colleague with its
//! agenda, and its edit reaches them too.

use anyhow::{Result, ensure};
use kaigi_core::meeting::{self, MeetingForm};
use kaigi_testkit::TestHomeserver;

use crate::harness::{alt, click, fill, sign_in, with_app};
use crate::peer::Peer;

fn now_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.map_or(0, |d| d.as_millis() as i64)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_meeting_made_in_the_window_reaches_the_invited_with_its_agenda() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let alice = hs.register_random("e2e-meet-alice").await?;
    let bob = hs.register_random("e2e-meet-bob").await?;
    let bob_peer = Peer::sign_in(&hs, &bob).await?;
    let starts_at = now_ms() + 3_600_000;
    let invitation = meeting::create_meeting(
        &bob_peer.session,
        MeetingForm {
            title: "第2回 防災計画会議".into(),
            starts_at,
            ends_at: starts_at + 3_600_000,
            place: Some("危機管理センター".into()),
            online_url: None,
            agenda: vec!["被害想定".into()],
            invite: vec![alice.user_id.clone()],
        },
    )
    .await?;

    let data = tempfile::tempdir()?;
    with_app("meetings", data.path(), &[], async |app| {
        sign_in(app, &hs.url, &alice).await?;
        app.wait_for("[data-testid=user-id]").await?;
        alt(app, '4').await?;
        let invited = format!("[data-testid=meeting][data-room-id=\"{invitation}\"]");
        app.wait_for_text(&format!("{invited} .title"), "第2回 防災計画会議")
            .await?;
        app.wait_for(&format!("{invited} .invited")).await?;

        // A new meeting from the form, with Bob invited.
        click(app, "[data-testid=new-meeting-open]").await?;
        fill(app, "input[name=meeting-title]", "庁内DX推進会議").await?;
        fill(app, "input[name=meeting-place]", "本庁舎 5階 会議室").await?;
        // Enter between the items, as typed (WebDriver drops a bare "\n").
        fill(
            app,
            "textarea[name=meeting-agenda]",
            "開会\u{E007}電子決裁の導入、効果\u{E007}閉会",
        )
        .await?;
        fill(app, "textarea[name=meeting-invite]", &bob.user_id).await?;
        click(app, "[data-testid=create-meeting]").await?;
        app.wait_for_text("[data-testid=meeting] .title", "庁内DX推進会議")
            .await?;
        app.screenshot("-list").await?;

        // Bob is invited, joins, and reads the agenda as written.
        let mut found = None;
        for _ in 0..300 {
            let list = meeting::meetings(&bob_peer.session, now_ms(), 0).await?;
            found = list.into_iter().find(|m| m.title == "庁内DX推進会議");
            if found.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let room_id = found.map(|m| m.room_id);
        ensure!(room_id.is_some(), "Bob never got the invitation");
        let room_id = room_id.unwrap_or_default();
        kaigi_core::chat::rooms::join(&bob_peer.session, &room_id).await?;
        let list = meeting::meetings(&bob_peer.session, now_ms(), 0).await?;
        let details = list
            .into_iter()
            .find(|m| m.room_id == room_id)
            .and_then(|m| m.meeting);
        let agenda: Vec<String> = details
            .iter()
            .flat_map(|d| d.agenda.iter().map(|a| a.title.clone()))
            .collect();
        ensure!(
            agenda == ["開会", "電子決裁の導入、効果", "閉会"],
            "Bob's agenda: {agenda:?}"
        );
        ensure!(
            details.and_then(|d| d.place).as_deref() == Some("本庁舎 5階 会議室"),
            "the place"
        );

        // Alice opens it and edits it; Bob's copy follows.
        click(
            app,
            &format!("[data-room-id=\"{room_id}\"] [data-testid=meeting-open]"),
        )
        .await?;
        click(app, "[data-testid=meeting-edit]").await?;
        fill(app, "input[name=meeting-title]", "庁内DX推進会議（第2回）").await?;
        click(app, "[data-testid=create-meeting]").await?;
        app.wait_for_text("[data-testid=meeting-room] h2", "庁内DX推進会議（第2回）")
            .await?;
        let mut renamed = false;
        for _ in 0..300 {
            let list = meeting::meetings(&bob_peer.session, now_ms(), 0).await?;
            renamed = list
                .iter()
                .any(|m| m.room_id == room_id && m.title == "庁内DX推進会議（第2回）");
            if renamed {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        ensure!(renamed, "Bob never saw the edited title");
        Ok(())
    })
    .await
}
