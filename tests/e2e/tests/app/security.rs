//! Encryption in the real window: another user verifies us by emoji (the
//! window shows the same seven emoji as their client) and we set up a
//! recovery key from the security panel.

use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use kaigi_core::chat::{NewRoom, rooms};
use kaigi_core::security::{VerificationUpdate, Verifications};
use kaigi_testkit::TestHomeserver;

use crate::harness::{choose_language, click, sign_in, with_app};
use crate::peer::{Peer, wait_for};

#[tokio::test(flavor = "multi_thread")]
async fn verify_by_emoji_and_set_up_a_recovery_key() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let alice = hs.register_random("e2e-sec-alice").await?;
    let bob_user = hs.register_random("e2e-sec-bob").await?;
    let bob = Peer::sign_in(&hs, &bob_user).await?;
    let seen: Arc<Mutex<Vec<VerificationUpdate>>> = Arc::default();
    let sink = seen.clone();
    let bob_verifications =
        Verifications::watch(&bob.session, move |u| sink.lock().unwrap().push(u));
    // A shared room, so each side tracks the other's devices.
    let room_id = rooms::create_room(
        &bob.session,
        NewRoom::group("連絡", vec![alice.user_id.clone()]),
    )
    .await?;

    let data = tempfile::tempdir()?;
    with_app("security", data.path(), &[], async |app| {
        choose_language(app, "ja").await?;
        sign_in(app, &hs.url, &alice).await?;
        click(app, &format!("li.invitation[data-room-id=\"{room_id}\"] [data-testid=accept]")).await?;
        app.wait_for_text(".room-title", "連絡").await?;

        // Bob asks; Alice starts it in the window.
        let mut flow = String::new();
        for _ in 0..300 {
            match bob_verifications.request(&alice.user_id).await {
                Ok(id) => {
                    flow = id;
                    break;
                }
                // Alice's keys may not have reached Bob yet.
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
            }
        }
        anyhow::ensure!(!flow.is_empty(), "Bob could not ask Alice to verify");
        click(app, "dialog.verification[open] [data-testid=verify-accept]").await?;

        // Both screens show the same emoji.
        let bobs: Vec<String> = {
            let mut found = None;
            for _ in 0..600 {
                found = seen.lock().unwrap().iter().find_map(|u| match u {
                    VerificationUpdate::Emojis { flow_id, emojis } if *flow_id == flow => {
                        Some(emojis.iter().map(|e| e.symbol.clone()).collect())
                    }
                    _ => None,
                });
                if found.is_some() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            found.context("Bob never saw the emoji")?
        };
        app.wait_for("[data-testid=sas-emojis] li").await?;
        let shown: Vec<String> = serde_json::from_value(
            app.client
                .execute(
                    "return [...document.querySelectorAll('[data-testid=sas-emojis] .sas-symbol')].map(e => e.textContent);",
                    vec![],
                )
                .await?,
        )?;
        assert_eq!(shown, bobs, "the window shows other emoji than Bob's client");
        app.screenshot("-emoji").await?;
        click(app, "[data-testid=verify-match]").await?;
        bob_verifications.confirm(&flow).await?;
        app.wait_for("[data-testid=verify-done]").await?;
        wait_for(60, "Bob to trust Alice", || {
            seen.lock().unwrap().iter().any(|u| matches!(u, VerificationUpdate::Done { flow_id } if *flow_id == flow))
        })
        .await?;
        click(app, "dialog.verification[open] .dialog-buttons button").await?;

        // Alice sets up a recovery key from the security panel.
        click(app, "[data-testid=open-security]").await?;
        click(app, "dialog.security[open] [data-testid=enable-recovery]").await?;
        let key = app.wait_for("[data-testid=recovery-key]").await?.text().await?;
        anyhow::ensure!(key.split_whitespace().count() >= 10, "not a recovery key: {key}");
        app.wait_for_text("[data-testid=recovery-state]", "回復キー：設定済み").await?;
        app.screenshot("-recovery").await?;
        Ok(())
    })
    .await
}
