//! More than a hundred injection payloads arrive from another user as
//! message bodies (plain and formatted), room names, topics, a display name
//! and file names. The real window shows them as text: no script runs, no
//! handler or dangerous link survives, and the CSP blocks inline script even
//! when markup is put into the page directly.

use anyhow::{Context, Result};
use kaigi_core::chat::{NewRoom, rooms};
use kaigi_testkit::TestHomeserver;
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use matrix_sdk_ui::timeline::{AttachmentConfig, AttachmentSource};

use crate::harness::{choose_language, click, sign_in, with_app};
use crate::payloads;
use crate::peer::Peer;

const PWNED: &str = "window.__kaigiPwned === undefined";

/// Elements, attributes and links that must never reach the page.
const UNSAFE: &str = "return (() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith('on')) bad.push(el.tagName + ' ' + a.name);
    }
  }
  for (const el of document.querySelectorAll('.formatted script, .formatted style, .formatted iframe, \
.formatted object, .formatted embed, .formatted svg, .formatted math, .formatted img, .formatted form, \
.formatted input, .formatted meta, .formatted link, .formatted base, .room-name *, .room-title *, .room-topic *, .sender *, .file-name *')) {
    bad.push(el.tagName);
  }
  for (const a of document.querySelectorAll('.formatted a[href]')) {
    if (!/^(https?:|mailto:)/i.test(a.getAttribute('href').trim())) bad.push('href ' + a.getAttribute('href'));
  }
  return bad;
})();";

/// Payloads a homeserver stores as names (no NUL characters).
fn nameable(p: &str) -> bool {
    !p.contains('\u{0}')
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_payloads_everywhere_never_run() -> Result<()> {
    let all = payloads::all();
    let hs = TestHomeserver::from_env()?;
    let alice = hs.register_random("e2e-xss-alice").await?;
    let bob_user = hs.register_random("e2e-xss-bob").await?;
    let bob = Peer::sign_in(&hs, &bob_user).await?;
    let names: Vec<&String> = all.iter().filter(|p| nameable(p)).collect();

    // Rooms named and described with payloads.
    let mut hostile_rooms = Vec::new();
    for i in 0..6 {
        hostile_rooms.push(
            rooms::create_room(
                &bob.session,
                NewRoom {
                    name: names[1 + i].clone(),
                    topic: Some(names[20 + i].clone()),
                    invite: vec![alice.user_id.clone()],
                    space: None,
                    is_space: false,
                },
            )
            .await?,
        );
    }
    let main_room = hostile_rooms[0].clone();

    let data = tempfile::tempdir()?;
    with_app("hostile-input", data.path(), &[], async |app| {
        choose_language(app, "ja").await?;
        sign_in(app, &hs.url, &alice).await?;

        // Every invitation is listed by its name, as text; Alice joins them all.
        for (i, room) in hostile_rooms.iter().enumerate() {
            let invitation = format!("li.invitation[data-room-id=\"{room}\"]");
            let name = serde_json::to_string(names[1 + i].trim())?;
            let named = format!(
                "document.querySelector({sel})?.querySelector('.room-name')?.textContent.includes({name})",
                sel = serde_json::to_string(&invitation)?
            );
            if let Err(e) = app.wait_until("the invitation, named as text", &named).await {
                // What the list shows for each room instead, to tell a stale
                // name from a room listed under another.
                let listed = app
                    .client
                    .execute(
                        "return [...document.querySelectorAll('[data-room-id]')].map(e => \
                         [e.tagName, e.className, e.dataset.roomId, e.querySelector('.room-name')?.textContent])",
                        vec![],
                    )
                    .await;
                anyhow::bail!("{e}: waiting for {room} named {name}; the list shows {listed:?}");
            }
            let opened = format!("document.querySelector('.room-title')?.textContent.includes({name})");
            // The button is pressed where it is now. A WebDriver click aims at
            // where it was: as the invitation accepted before leaves the list,
            // the next one moves up under that spot and was accepted instead.
            let accept = format!(
                "document.querySelector({})?.click()",
                serde_json::to_string(&format!("{invitation} [data-testid=accept]"))?
            );
            for attempt in 0..3 {
                let _ = app.client.execute(&accept, vec![]).await;
                let wait = app.wait_until_for("the room to open", &opened, 20);
                match wait.await {
                    Ok(()) => break,
                    Err(e) if attempt == 2 => return Err(e),
                    Err(_) => {}
                }
            }
            // The header shows the topic as text.
            let topic = serde_json::to_string(names[20 + i].trim())?;
            app.wait_until(
                "the hostile topic, as text",
                &format!("document.querySelector('.room-topic')?.textContent.trim() === {topic}"),
            )
            .await?;
            app.wait_until("no injected script ran", PWNED).await?;
        }

        // Bob sends every payload plainly and as formatted HTML, and files
        // named with payloads, into the first room.
        let bob_view = bob.watch(&main_room).await?;
        // Bob must see Alice in the room, or his messages are not encrypted for her.
        let room = bob
            .session
            .client()
            .get_room(&matrix_sdk::ruma::RoomId::parse(&main_room)?)
            .context("the room")?;
        for _ in 0..300 {
            if room.members_no_sync(matrix_sdk::RoomMemberships::JOIN).await?.len() == 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        bob.knows_devices_of(&alice.user_id).await?;
        click(app, &format!("button[data-room-id=\"{main_room}\"]")).await?;
        bob_view.room.send_text("準備").await?;
        app.wait_for_text("[data-testid=timeline] .message .body", "準備").await?;
        // A display name with markup, shown beside every message that follows.
        bob.session.client().account().set_display_name(Some(names[0].as_str())).await?;
        for p in &all {
            bob_view.room.timeline().send(RoomMessageEventContent::text_plain(p.clone()).into()).await?;
            bob_view
                .room
                .timeline()
                .send(RoomMessageEventContent::text_html(format!("html {}", p.len()), p.clone()).into())
                .await?;
        }
        for name in names.iter().take(8) {
            bob_view
                .room
                .timeline()
                .send_attachment(
                    AttachmentSource::Data { bytes: b"hello".to_vec(), filename: (*name).clone() },
                    mime::TEXT_PLAIN,
                    AttachmentConfig::default(),
                )
                .use_send_queue()
                .await?;
        }
        bob_view.room.send_text("最後のメッセージ").await?;

        app.wait_for_text("[data-testid=timeline] .message .body", "最後のメッセージ").await?;
        // Load the whole history so every payload is on the page.
        for _ in 0..40 {
            if app.client.find(fantoccini::Locator::Css("[data-testid=timeline-start]")).await.is_ok() {
                break;
            }
            if let Ok(more) = app.client.find(fantoccini::Locator::Css("[data-testid=load-older]")).await {
                let _ = more.click().await;
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        app.wait_for("[data-testid=timeline-start]").await?;
        let first = serde_json::to_string(all[0].trim())?;
        app.wait_until(
            "the first payload, shown as text",
            &format!("[...document.querySelectorAll('.message .body')].some(b => b.textContent.trim() === {first})"),
        )
        .await?;

        // Poke everything a person could touch: hover and focus each element
        // of the formatted bodies (clicks on links would only ask first).
        app.client
            .execute(
                "for (const el of document.querySelectorAll('.formatted *, .room-list *, .sender, .file-name')) {
                   for (const type of ['mouseover', 'mouseenter', 'pointerdown', 'focus', 'animationstart']) {
                     el.dispatchEvent(new Event(type, { bubbles: true }));
                   }
                 }
                 return true;",
                vec![],
            )
            .await?;
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        let bad: Vec<String> = serde_json::from_value(app.client.execute(UNSAFE, vec![]).await?)?;
        assert!(bad.is_empty(), "unsafe markup reached the page: {bad:?}");
        app.wait_until("no injected script ran", PWNED).await?;
        app.screenshot("-timeline").await?;

        // The CSP itself: inline script and handlers put straight into the
        // page do not run either.
        app.client
            .execute(
                "const s = document.createElement('script');
                 s.textContent = 'window.__kaigiPwned = 1';
                 document.body.appendChild(s);
                 document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.__kaigiPwned=1\">');
                 return true;",
                vec![],
            )
            .await
            .context("injecting markup")?;
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        app.wait_until("the CSP to block inline script", PWNED).await?;
        Ok(())
    })
    .await
}
