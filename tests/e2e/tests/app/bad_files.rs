//! Bad input in the real window: every malformed file the fixture script
//! writes is dropped on the viewer, one after another. Each one renders, asks
//! for its password, or says that it could not be opened, naming the file and
//! why; the app survives all of them and opens a good file afterwards.

use std::path::{Path, PathBuf};

use anyhow::{Result, ensure};
use kaigi_testkit::TestHomeserver;
use serde::Deserialize;

use crate::harness::{App, alt, choose_language, drop_files, fill, fixture, sign_in, with_app};

#[derive(Debug, Deserialize)]
struct Outcome {
    error: Option<String>,
    locked: bool,
    drawn: bool,
    page_error: Option<String>,
}

/// Drops `path` and waits until the viewer has answered for it.
async fn open(app: &App, path: &Path) -> Result<Outcome> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    drop_files(app, &[path]).await?;
    let viewer = format!("section.viewer[data-source={name:?}][data-busy=no]");
    app.wait_until(
        &format!("the viewer's answer for {name}"),
        &format!(
            "document.querySelector({viewer:?}) && (
                document.querySelector('[data-testid=pdf-error]') ||
                document.querySelector('input[name=pdf-password]') ||
                document.querySelector(\"canvas[data-rendered-page='1']\") ||
                document.querySelector('.page-error'))"
        ),
    )
    .await?;
    let v = app
        .client
        .execute(
            "const text = (css) => document.querySelector(css)?.textContent.trim() ?? null;
             return {
               error: text('[data-testid=pdf-error]'),
               locked: !!document.querySelector('input[name=pdf-password]'),
               drawn: !!document.querySelector(\"canvas[data-rendered-page='1']\"),
               page_error: text('.page-error'),
             };",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// The file made with the password `kaigi-secret`: a wrong password is
/// refused with a clear message and the form stays, the right one opens it.
async fn unlock(app: &App) -> Result<()> {
    fill(app, "input[name=pdf-password]", "wrong\u{E007}").await?;
    app.wait_for_text(
        "[data-testid=pdf-error]",
        "パスワードが入力されていないか、違います。",
    )
    .await?;
    ensure!(
        app.client
            .execute(
                "return document.querySelector('input[name=pdf-password]')?.value",
                vec![]
            )
            .await?
            == "",
        "the refused password should be cleared from the form"
    );
    fill(app, "input[name=pdf-password]", "kaigi-secret\u{E007}").await?;
    app.wait_until(
        "the unlocked file drawn",
        "document.querySelector('section.viewer[data-source=\"encrypted.pdf\"][data-busy=no]')
         && !document.querySelector('input[name=pdf-password]')
         && !document.querySelector('[data-testid=pdf-error]')
         && document.querySelector(\"canvas[data-rendered-page='1']\")",
    )
    .await?;
    // Its thumbnail is its own (the blue band at the top of the page), not
    // the last file's.
    app.wait_until(
        "the unlocked file's own thumbnail",
        "(c => {
            if (!c || c.width === 0) return false;
            const d = c.getContext('2d').getImageData(0, 0, c.width, Math.ceil(c.height / 5)).data;
            for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 100 && d[i] < 80) return true;
            return false;
        })(document.querySelector('[data-thumb=\"1\"] canvas'))",
    )
    .await?;
    app.screenshot("-unlocked").await?;
    Ok(())
}

/// The messages a person may see for a bad file; never a raw internal error.
const CLEAR: [&str; 3] = [
    "読み取れない PDF です",
    "PDF 表示機能が停止したため",
    "繰り返し停止させるため",
];

#[tokio::test(flavor = "multi_thread")]
async fn every_malformed_file_gets_a_clear_answer_and_the_app_survives() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let user = hs.register_random("reader").await?;
    let data = tempfile::tempdir()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("bad"))?
        .map(|e| Ok(e?.path()))
        .collect::<Result<_>>()?;
    files.sort();
    ensure!(files.len() >= 50, "only {} bad files", files.len());

    with_app("bad-files", data.path(), &[], async |app| {
        choose_language(app, "ja").await?;
        sign_in(app, &hs.url, &user).await?;
        alt(app, '2').await?;
        app.wait_for("[data-testid=open-pdf]").await?;

        let (mut refused, mut rendered, mut locked) = (0, 0, 0);
        for path in &files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let outcome = open(app, path).await?;
            eprintln!("e2e [bad-files]: {name}: {outcome:?}");
            if let Some(error) = &outcome.error {
                ensure!(
                    error.starts_with(&format!("「{name}」を開けませんでした。")),
                    "{name}: the error does not name the file: {error}"
                );
                ensure!(
                    CLEAR.iter().any(|m| error.contains(m)),
                    "{name}: not a clear message: {error}"
                );
                refused += 1;
                if name == "not-a-pdf.pdf" {
                    app.screenshot("-refused").await?;
                }
            } else if outcome.locked {
                ensure!(name.starts_with("encrypt"), "{name} asked for a password");
                locked += 1;
                app.screenshot("-password").await?;
                if name == "encrypted.pdf" {
                    unlock(app).await?;
                }
            } else {
                ensure!(
                    outcome.drawn || outcome.page_error.is_some(),
                    "{name}: neither drawn nor refused: {outcome:?}"
                );
                rendered += 1;
            }
        }
        eprintln!("e2e [bad-files]: {refused} refused, {rendered} rendered, {locked} locked");
        ensure!(refused >= 30 && locked >= 1 && rendered >= 5);

        // The same app, still running, opens a good document.
        let good = fixture("agenda-ja.pdf");
        let outcome = open(app, Path::new(&good)).await?;
        ensure!(outcome.error.is_none() && outcome.drawn, "{outcome:?}");
        Ok(())
    })
    .await
}
