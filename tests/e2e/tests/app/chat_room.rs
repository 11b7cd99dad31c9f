//! Chat in the real window: create a group and invite, chat both ways with a
//! second client, reply and react, refuse hostile markup, accept an invitation.

use anyhow::{Context, Result, bail};
use kaigi_core::chat::{NewRoom, TimelineEntry, rooms};
use kaigi_testkit::TestHomeserver;
use matrix_sdk::RoomState;
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;

use crate::harness::{choose_language, click, fill, sign_in, with_app};
use crate::peer::{Peer, wait_for};

const PWNED: &str = "window.__kaigiPwned === undefined";

/// The room name a prankster might choose: it must show as text.
const HOSTILE_NAME: &str = "計画課 <img src=x onerror=\"window.__kaigiPwned=1\">";

const HOSTILE_HTML: &str = "<p>資料です<script>window.__kaigiPwned=1</script>\
<img src=x onerror=\"window.__kaigiPwned=1\">\
<a href=\"javascript:window.__kaigiPwned=1\">危険</a> \
<a href=\"https://www.example.jp/kaigi\">県のサイト</a>\
<svg onload=\"window.__kaigiPwned=1\"></svg></p>";

#[tokio::test(flavor = "multi_thread")]
async fn create_a_group_chat_reply_react_search_and_stay_safe() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let alice = hs.register_random("e2e-chat-alice").await?;
    let bob_user = hs.register_random("e2e-chat-bob").await?;
    let bob = Peer::sign_in(&hs, &bob_user).await?;

    let data = tempfile::tempdir()?;
    with_app("chat-room", data.path(), &[], async |app| {
        choose_language(app, "ja").await?;
        sign_in(app, &hs.url, &alice).await?;
        app.wait_for("[data-testid=user-id]").await?;

        // Alice makes a group with a hostile name and invites Bob.
        click(app, "[data-testid=new-room]").await?;
        fill(app, "[data-testid=room-name]", HOSTILE_NAME).await?;
        fill(app, "[data-testid=room-invite]", &bob_user.user_id).await?;
        click(app, "[data-testid=create-room]").await?;
        let name = serde_json::to_string(HOSTILE_NAME)?;
        app.wait_until(
            "the new group, its name shown as text",
            &format!(
                "document.querySelector('.room-title')?.textContent === {name} \
                 && !document.querySelector('.room-title img, .room-list img')"
            ),
        )
        .await?;

        // Bob gets the invitation, joins and watches the room.
        let mut room_id = String::new();
        for _ in 0..600 {
            if let Some(room) = bob
                .session
                .client()
                .rooms()
                .into_iter()
                .find(|r| r.state() == RoomState::Invited)
            {
                room_id = room.room_id().to_string();
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        anyhow::ensure!(!room_id.is_empty(), "Bob was not invited");
        rooms::join(&bob.session, &room_id).await?;
        let bob_view = bob.watch(&room_id).await?;

        // Alice writes Markdown; Bob receives it formatted.
        fill(app, "textarea[name=message]", "会議は **10時** からです").await?;
        click(app, "[data-testid=send]").await?;
        wait_for(60, "Bob to receive Alice's message", || {
            bob_view
                .find(|m| m.body.contains("10時") && m.html.as_deref().is_some_and(|h| h.contains("<strong>10時</strong>")))
                .is_some()
        })
        .await?;

        // Bob sends hostile HTML; the window shows the safe part only.
        bob_view
            .room
            .timeline()
            .send(RoomMessageEventContent::text_html("資料です 危険 県のサイト", HOSTILE_HTML).into())
            .await?;
        app.wait_for_text("[data-testid=timeline] .formatted a", "県のサイト").await?;
        let unsafe_nodes: u64 = serde_json::from_value(
            app.client
                .execute(
                    "return document.querySelectorAll('.formatted script, .formatted img, .formatted svg, \
                     .formatted [onerror], .formatted [onload], .formatted a[href^=javascript]').length;",
                    vec![],
                )
                .await?,
        )?;
        assert_eq!(unsafe_nodes, 0, "hostile markup reached the page");
        app.wait_until("no injected script ran", PWNED).await?;

        // A web link asks before it leaves the app; Alice says no.
        click(app, ".formatted a[href^='https:']").await?;
        let question = app.wait_for("dialog.confirm[open] .confirm-message").await?.text().await?;
        assert!(question.contains("https://www.example.jp/kaigi"), "{question}");
        click(app, "dialog.confirm[open] button:not(.primary)").await?;
        app.wait_until("the question to close", "!document.querySelector('dialog.confirm[open]')")
            .await?;

        // Alice replies to Bob's message and reacts to it.
        let bobs = bob_view
            .find(|m| m.body.starts_with("資料です") && m.event_id.is_some())
            .context("Bob's sent message")?;
        let bobs_id = bobs.event_id.clone().unwrap();
        let row = format!("li[data-event-id=\"{bobs_id}\"]");
        click(app, &format!("{row} [data-testid=reply]")).await?;
        fill(app, "textarea[name=message]", "承知しました").await?;
        click(app, "[data-testid=send]").await?;
        wait_for(60, "Bob to see Alice's reply", || {
            bob_view
                .find(|m| m.body == "承知しました")
                .and_then(|m| m.reply_to)
                .is_some_and(|r| r.event_id == bobs_id)
        })
        .await?;
        click(app, &format!("{row} [data-testid=react]")).await?;
        click(app, &format!("{row} .actions button[aria-label^='👍']")).await?;
        let bobs_message = || bob_view.find(|m| m.event_id.as_deref() == Some(&bobs_id));
        let seen = wait_for(60, "Bob to see Alice's 👍", || {
            bobs_message()
                .is_some_and(|m| m.reactions.iter().any(|r| r.key == "👍" && r.count == 1 && !r.mine))
        })
        .await;
        if let Err(e) = seen {
            // Whether the reaction left Alice's window, and what reached Bob.
            let alice = app
                .client
                .execute(
                    "return [...document.querySelectorAll(arguments[0])].map(e => e.outerHTML)",
                    vec![serde_json::json!(format!("{row} .reaction"))],
                )
                .await;
            // Bob's copy of the list against the timeline's own items: a
            // difference means the diffs were applied wrongly.
            let mirror: Vec<_> = bob_view
                .entries
                .lock()
                .unwrap()
                .iter()
                .filter_map(|e| match e {
                    TimelineEntry::Message(m) => Some((m.event_id.clone(), m.reactions.len())),
                    _ => None,
                })
                .collect();
            let sdk: Vec<_> = bob_view
                .room
                .timeline()
                .items()
                .await
                .iter()
                .filter_map(|i| i.as_event())
                .map(|e| {
                    let reactions = e.content().reactions().map_or(0, |r| r.len());
                    (e.event_id().map(ToString::to_string), reactions)
                })
                .collect();
            bail!(
                "{e}: Bob sees the message's reactions as {:?}; Alice's window shows {alice:?}; \
                 Bob's messages (event, reactions) as mirrored {mirror:?}, in the timeline {sdk:?}",
                bobs_message().map(|m| m.reactions)
            );
        }
        app.wait_for(&format!("{row} .reaction[aria-pressed=true]")).await?;
        app.screenshot("-conversation").await?;

        // A two-character Japanese search finds Bob's message; the hit opens
        // the room at that message, highlighted.
        bob_view.room.send_text("金曜日に内示があります").await?;
        app.wait_for_text("[data-testid=timeline] .message .body", "金曜日に内示があります")
            .await?;
        for _ in 0..3 {
            bob_view.room.send_text("別の話題です").await?;
        }
        fill(app, "[data-testid=message-search]", "内示").await?;
        click(app, "form[role=search] button[type=submit]").await?;
        let hit = app.wait_for("[data-testid=search-hits] button.hit").await?;
        let found = hit.text().await?;
        assert!(found.contains("金曜日に内示があります"), "{found}");
        app.wait_for("[data-testid=search-hits] mark").await?;
        app.screenshot("-search").await?;
        hit.click().await?;
        app.wait_for_text(".message.hit .body", "金曜日に内示があります").await?;
        click(app, "[data-testid=back-to-latest]").await?;
        app.wait_until("the live room again", "!document.querySelector('.message.hit')")
            .await?;

        // Bob invites Alice to another group; she accepts it in the window.
        let other = rooms::create_room(
            &bob.session,
            NewRoom {
                name: "防災連絡".into(),
                topic: Some("<b>台風</b> 対応".into()),
                invite: vec![alice.user_id.clone()],
                space: None,
                is_space: false,
            },
        )
        .await?;
        // The invitation counts in the window title until it is answered.
        app.wait_for_window_title("Kaigi (1)").await?;
        click(app, &format!("li.invitation[data-room-id=\"{other}\"] [data-testid=accept]")).await?;
        app.wait_for_window_title("Kaigi").await?;
        app.wait_for_text(".room-title", "防災連絡").await?;
        app.wait_until(
            "the topic, as text",
            "document.querySelector('.room-topic')?.textContent === '<b>台風</b> 対応' \
             && !document.querySelector('.room-topic b')",
        )
        .await?;
        app.wait_until("no injected script ran", PWNED).await?;
        app.screenshot("-done").await?;
        Ok(())
    })
    .await
}
