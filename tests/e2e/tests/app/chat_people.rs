//! The people in a room, in the real window: another member's avatar, their
//! typing, their read receipt, and a mention picked from suggestions with the
//! keyboard that reaches them as a mention.

use std::io::Cursor;

use anyhow::Result;
use kaigi_core::chat::{NewRoom, rooms, set_typing};
use kaigi_testkit::TestHomeserver;

use crate::harness::{choose_language, click, sign_in, with_app};
use crate::peer::{Peer, wait_for};

const BOB_NAME: &str = "佐藤 花子";

#[tokio::test(flavor = "multi_thread")]
async fn avatars_typing_receipts_and_mentions() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let alice = hs.register_random("e2e-people-alice").await?;
    let bob_user = hs.register_random("e2e-people-bob").await?;
    let bob = Peer::sign_in(&hs, &bob_user).await?;
    let account = bob.session.client().account();
    account.set_display_name(Some(BOB_NAME)).await?;
    let mut png = Vec::new();
    image::RgbImage::from_pixel(64, 64, image::Rgb([200, 40, 40]))
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)?;
    account.upload_avatar(&mime::IMAGE_PNG, png).await?;
    let room_id = rooms::create_room(
        &bob.session,
        NewRoom::group("企画課", vec![alice.user_id.clone()]),
    )
    .await?;

    let data = tempfile::tempdir()?;
    with_app("chat-people", data.path(), &[], async |app| {
        choose_language(app, "ja").await?;
        sign_in(app, &hs.url, &alice).await?;
        click(
            app,
            &format!("li.invitation[data-room-id=\"{room_id}\"] [data-testid=accept]"),
        )
        .await?;
        app.wait_for_text(".room-title", "企画課").await?;
        bob.knows_devices_of(&alice.user_id).await?;
        let bob_view = bob.watch(&room_id).await?;

        // Bob's message shows his picture, fetched through kaigi-media.
        bob_view.room.send_text("資料を共有しました").await?;
        app.wait_for_text(
            "[data-testid=timeline] .message .body",
            "資料を共有しました",
        )
        .await?;
        app.wait_until(
            "Bob's avatar to load",
            "[...document.querySelectorAll('.message img.avatar')]\
             .some(i => i.complete && i.naturalWidth > 0 && i.src.startsWith('kaigi-media:'))",
        )
        .await?;

        // Bob types; the window says so, by his name.
        set_typing(&bob.session, &room_id, true).await?;
        app.wait_until(
            "Bob typing",
            &format!(
                "document.querySelector('[data-testid=typing]')?.textContent.includes('{BOB_NAME}')"
            ),
        )
        .await?;
        set_typing(&bob.session, &room_id, false).await?;
        app.wait_until(
            "the typing line to go",
            "!document.querySelector('[data-testid=typing]')",
        )
        .await?;

        // Alice mentions Bob, choosing him from the suggestions by keyboard.
        let composer = app.wait_for("textarea[name=message]").await?;
        composer.send_keys("@佐藤").await?;
        app.wait_for_text("[data-testid=mention-suggestions] .mention-name", BOB_NAME)
            .await?;
        app.screenshot("-mention").await?;
        composer.send_keys("\u{E007}").await?; // Enter picks the suggestion.
        app.wait_until(
            "the name in the composer",
            &format!("document.querySelector('textarea[name=message]').value === '@{BOB_NAME} '"),
        )
        .await?;
        composer.send_keys("さん、確認お願いします\u{E007}").await?;
        wait_for(60, "Bob to be mentioned", || {
            bob_view
                .find(|m| m.body.contains("確認お願いします"))
                .is_some_and(|m| {
                    m.mentions_me
                        && m.html.as_deref().is_some_and(|h| {
                            h.contains(&format!("https://matrix.to/#/{}", bob_user.user_id))
                        })
                })
        })
        .await?;

        // Bob reads it; Alice sees his receipt on her message, by name.
        let alices = bob_view
            .find(|m| m.body.contains("確認お願いします"))
            .and_then(|m| m.event_id)
            .unwrap();
        bob_view.room.mark_read().await?;
        let receipt = format!("li[data-event-id=\"{alices}\"] [data-testid=read-by]");
        app.wait_until(
            "Bob's read receipt",
            &format!(
                "document.querySelector({})?.textContent.trim().startsWith('既読 1')",
                serde_json::to_string(&receipt)?
            ),
        )
        .await?;
        let title = app.wait_for(&receipt).await?.attr("title").await?;
        assert_eq!(title.as_deref(), Some(format!("既読: {BOB_NAME}").as_str()));
        app.screenshot("-receipt").await?;
        Ok(())
    })
    .await
}
