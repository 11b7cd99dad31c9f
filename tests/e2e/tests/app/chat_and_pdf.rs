use anyhow::{Context, Result};
use kaigi_testkit::TestHomeserver;
use matrix_sdk::ruma::api::client::room::create_room::v3::Request as CreateRoom;
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;

use crate::harness::{choose_language, fill, fixture, sign_in, with_app};
use crate::peer::{Peer, wait_for};

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_read_a_pdf_chat_with_another_client_and_restart() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let alice = hs.register_random("e2e-alice").await?;
    let bob = hs.register_random("e2e-bob").await?;

    // Bob makes an encrypted group and Alice joins it (from another device,
    // since accepting invitations in the window comes with the chat issue).
    let bob_peer = Peer::sign_in(&hs, &bob).await?;
    let bob_session = &bob_peer.session;
    let mut request = CreateRoom::new();
    request.name = Some("E2E 連絡グループ".into());
    request.invite = vec![alice.user_id.as_str().try_into()?];
    request.initial_state = vec![
        InitialStateEvent::with_empty_state_key(
            RoomEncryptionEventContent::with_recommended_defaults(),
        )
        .to_raw_any(),
    ];
    let room = bob_session.client().create_room(request).await?;
    let room_id = room.room_id().to_string();
    {
        let helper = Peer::sign_in(&hs, &alice).await?;
        helper
            .session
            .client()
            .join_room_by_id(room.room_id())
            .await?;
        // Alice's department: her status is shared in its status room.
        let mut department = kaigi_core::chat::rooms::NewRoom::group("総務課", vec![]);
        department.is_space = true;
        kaigi_core::chat::rooms::create_room(&helper.session, department).await?;
        helper.session.sign_out().await?;
    }
    let bob_view = bob_peer.watch(&room_id).await?;

    let data = tempfile::tempdir()?;
    let pdf = fixture("agenda-ja.pdf");
    with_app("chat-and-pdf", data.path(), &[&pdf], async |app| {
        // Sign in as a person would, in Japanese.
        choose_language(app, "ja").await?;
        sign_in(app, &hs.url, &alice).await?;
        let user = app.wait_for("[data-testid=user-id]").await?.text().await?;
        assert_eq!(user, alice.user_id);

        // The PDF given on the command line opens with page 1 drawn by PDFium.
        app.wait_for("canvas[data-rendered-page='1']").await?;
        let inked: f64 = serde_json::from_value(app.client.execute(INKED_SHARE, vec![]).await?)?;
        assert!(
            inked > 0.05 && inked < 0.5,
            "page 1 looks blank or wrong: inked share {inked}"
        );
        let label = app
            .wait_for("[data-testid=page-number]")
            .await?
            .text()
            .await?;
        assert_eq!(label, "1 / 3 ページ");
        app.screenshot("-pdf-page-1").await?;
        app.wait_for("[data-testid=next-page]")
            .await?
            .click()
            .await?;
        app.wait_for("canvas[data-rendered-page='2']").await?;
        app.wait_for("[data-testid=prev-page]")
            .await?
            .click()
            .await?;
        app.wait_for("canvas[data-rendered-page='1']").await?;
        // Status from the header.
        app.wait_for("select[name=location] option[value=home]")
            .await?
            .click()
            .await?;
        app.wait_until(
            "the status badge",
            "document.querySelector('[data-testid=status-badge]').textContent.includes('在宅勤務')",
        )
        .await?;
        // Open the group and send a message; Bob's client receives it.
        app.wait_for("[data-testid=tab-chat]")
            .await?
            .click()
            .await?;
        app.wait_for(&format!("button[data-room-id=\"{room_id}\"]"))
            .await?
            .click()
            .await?;
        // The department's status room, made by the status above, is no chat.
        let listed = app
            .client
            .execute(
                "return [...document.querySelectorAll('button[data-room-id]')]
                   .some(b => b.textContent.includes('Status board'))",
                vec![],
            )
            .await?;
        assert_eq!(listed, false, "the status room is listed as a chat");
        let text = "会議資料を確認しました。よろしくお願いします。";
        fill(app, "textarea[name=message]", text).await?;
        app.wait_for("[data-testid=send]").await?.click().await?;
        wait_for(60, "Bob to receive Alice's message", || bob_view.has(text)).await?;

        // Bob answers; the window shows it, decrypted.
        let reply = "了解です。3ページ目の数字も確認してください。";
        bob_view.room.send_text(reply).await?;
        eprintln!("e2e: waiting for Bob's reply");
        app.wait_for_text("[data-testid=timeline] .message .body", reply)
            .await?;
        // The open room is marked read, so its unread badge goes away.
        let badge = format!("button[data-room-id=\"{room_id}\"] .unread");
        app.wait_until(
            "the unread badge to clear",
            &format!("!document.querySelector('{badge}')"),
        )
        .await?;
        // The connection indicator reached "online".
        let online =
            "document.querySelector('[data-testid=sync-state]').classList.contains('sync-online')";
        app.wait_until("the online indicator", online).await?;
        Ok(())
    })
    .await?;

    // A restart restores the session from the keychain without asking.
    with_app("restored-session", data.path(), &[], async |app| {
        let user = app.wait_for("[data-testid=user-id]").await?.text().await?;
        assert_eq!(user, alice.user_id);
        let forms = app
            .client
            .find_all(fantoccini::Locator::Css("input[name=password]"))
            .await?;
        assert!(
            forms.is_empty(),
            "the sign-in form must not show after a restart"
        );
        app.wait_for(&format!("button[data-room-id=\"{room_id}\"]"))
            .await
            .context("room list after restart")?;
        Ok(())
    })
    .await
}

/// The share of the page canvas that is clearly not white. Paper is left
/// clear on the canvas (the sheet behind it is white), so a clear pixel is paper.
const INKED_SHARE: &str = "const c = document.querySelector('[data-testid=page-canvas]');
const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let n = 0;
for (let i = 0; i < d.length; i += 4) {
  if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++;
}
return n / (c.width * c.height);";
