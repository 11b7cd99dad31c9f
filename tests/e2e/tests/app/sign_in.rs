use anyhow::Result;
use kaigi_testkit::TestHomeserver;

use crate::harness::{choose_language, fill, with_app};

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_shows_a_clear_message_in_japanese() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let user = hs.register_random("e2e-wrongpw").await?;
    let data = tempfile::tempdir()?;
    with_app("wrong-password", data.path(), &[], async |app| {
        choose_language(app, "ja").await?;
        fill(app, "input[name=homeserver]", &hs.url).await?;
        fill(app, "input[name=username]", &user.localpart).await?;
        fill(app, "input[name=password]", "definitely-wrong").await?;
        app.wait_for("button[type=submit]").await?.click().await?;
        let error = app.wait_for("[data-testid=login-error]").await?;
        let text = error.text().await?;
        assert!(text.contains("パスワードが違います"), "error text: {text}");
        // The form is still there to try again, with the user name kept.
        let kept = app
            .wait_for("input[name=username]")
            .await?
            .prop("value")
            .await?;
        assert_eq!(kept.as_deref(), Some(user.localpart.as_str()));
        // Switching the language translates the message in place.
        choose_language(app, "en").await?;
        let text = app
            .wait_for("[data-testid=login-error]")
            .await?
            .text()
            .await?;
        assert!(
            text.contains("user name or password is wrong"),
            "error text: {text}"
        );
        Ok(())
    })
    .await
}
