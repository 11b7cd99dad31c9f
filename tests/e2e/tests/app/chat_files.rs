//! Files in the real window: files dropped on a room reach the other member,
//! an image shows its thumbnail, a PDF received in chat opens in Kaigi's
//! viewer and saves to Downloads unchanged.

use anyhow::{Context, Result};
use kaigi_core::chat::{MessageKind, NewRoom, rooms};
use kaigi_testkit::TestHomeserver;

use crate::harness::{choose_language, click, drop_files, fixture, sign_in, with_app};
use crate::peer::{Peer, wait_for};

#[tokio::test(flavor = "multi_thread")]
async fn dropped_files_arrive_and_a_pdf_from_chat_opens_in_the_viewer() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let alice = hs.register_random("e2e-files-alice").await?;
    let bob_user = hs.register_random("e2e-files-bob").await?;
    let bob = Peer::sign_in(&hs, &bob_user).await?;
    let room_id = rooms::create_room(
        &bob.session,
        NewRoom::group("資料の受け渡し", vec![alice.user_id.clone()]),
    )
    .await?;
    let bob_view = bob.watch(&room_id).await?;

    let files = tempfile::tempdir()?;
    let photo = files.path().join("現場写真.png");
    image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x / 3) as u8, (y / 2) as u8, 120])
    })
    .save(&photo)?;
    let agenda = std::path::PathBuf::from(fixture("agenda-ja.pdf"));
    let agenda_bytes = std::fs::read(&agenda)?;
    let from_bob = files.path().join("<i>議事次第.pdf");
    std::fs::write(&from_bob, &agenda_bytes)?;

    let data = tempfile::tempdir()?;
    with_app("chat-files", data.path(), &[], async |app| {
        choose_language(app, "ja").await?;
        sign_in(app, &hs.url, &alice).await?;
        click(app, &format!("li.invitation[data-room-id=\"{room_id}\"] [data-testid=accept]")).await?;
        app.wait_for_text(".room-title", "資料の受け渡し").await?;
        app.wait_for("textarea[name=message]").await?;

        // Alice drops a photo and the agenda on the room; Bob receives both.
        drop_files(app, &[&photo, &agenda]).await?;
        wait_for(90, "Bob to receive the photo and the agenda", || {
            let image = bob_view.find(|m| {
                m.msgtype == MessageKind::Image
                    && m.file.as_ref().is_some_and(|f| f.name == "現場写真.png" && f.width == Some(640))
            });
            let pdf = bob_view.find(|m| {
                m.msgtype == MessageKind::File
                    && m.file.as_ref().is_some_and(|f| f.name == "agenda-ja.pdf")
            });
            image.is_some() && pdf.is_some()
        })
        .await?;
        // Her own photo shows as a 320-pixel thumbnail, decrypted by the app.
        app.wait_until(
            "the photo's thumbnail",
            "[...document.querySelectorAll('img.thumbnail')].some(i => i.complete && i.naturalWidth === 320)",
        )
        .await?;

        // Bob sends a PDF whose name carries markup; it shows as text.
        bob.knows_devices_of(&alice.user_id).await?;
        bob_view.room.send_file(&from_bob).await?;
        let sent = {
            let mut found = None;
            for _ in 0..600 {
                found = bob_view.find(|m| m.msgtype == MessageKind::File && m.is_own && m.event_id.is_some());
                if found.is_some() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            found.context("Bob's PDF was not sent")?
        };
        let row = format!("li[data-event-id=\"{}\"]", sent.event_id.as_deref().unwrap_or_default());
        app.wait_for_text(&format!("{row} .file-name"), "📎 _i_議事次第.pdf").await?;
        app.wait_until("no markup from the file name", "!document.querySelector('.file-name i')")
            .await?;
        app.screenshot("-chat").await?;

        // It opens in the viewer, from memory.
        click(app, &format!("{row} [data-testid=open-pdf]")).await?;
        app.wait_for("canvas[data-rendered-page='1']").await?;
        app.screenshot("-viewer").await?;

        // Back in the chat, Alice saves it: the same bytes land in Downloads.
        click(app, "[data-testid=tab-chat]").await?;
        click(app, &format!("{row} [data-testid=save-file]")).await?;
        app.wait_for("[data-testid=saved-file]").await?;
        let saved = data.path().join("exports").join("_i_議事次第.pdf");
        let bytes = std::fs::read(&saved).with_context(|| format!("reading {}", saved.display()))?;
        anyhow::ensure!(bytes == agenda_bytes, "the saved PDF differs from what Bob sent");
        Ok(())
    })
    .await
}
