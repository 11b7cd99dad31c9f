//! Starts tauri-driver and the app, and saves a screenshot of every run.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use fantoccini::{Client, ClientBuilder, Locator};

/// Where screenshots go: `test-output/e2e/<name>.png`.
pub fn output_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-output/e2e");
    std::fs::create_dir_all(&dir).ok();
    dir
}

/// One running app window with its own tauri-driver.
pub struct App {
    pub client: Client,
    driver: Child,
    name: String,
}

impl App {
    /// Launches the app on the profile in `data_dir`, with extra command-line args.
    pub async fn launch(name: &str, data_dir: &Path, args: &[&str]) -> Result<Self> {
        let binary = std::env::var("KAIGI_APP_BINARY")
            .context("KAIGI_APP_BINARY is not set: run through scripts/test.sh")?;
        let port = free_port()?;
        let native_port = free_port()?;
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("KAIGI_DATA_DIR", data_dir)
            .env("LANG", "ja_JP.UTF-8")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start tauri-driver (is it installed?)")?;
        let url = format!("http://127.0.0.1:{port}");
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": binary, "args": args }),
        );
        let mut last_error = None;
        for _ in 0..100 {
            match ClientBuilder::rustls()?
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Ok(Self {
                        client,
                        driver,
                        name: name.to_owned(),
                    });
                }
                Err(e) => last_error = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        bail!("cannot connect to tauri-driver: {last_error:?}")
    }

    pub async fn wait_for(&self, css: &str) -> Result<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("waiting for {css}"))
    }

    /// Waits until `script` (a JS expression) is truthy.
    pub async fn wait_until(&self, what: &str, script: &str) -> Result<()> {
        for _ in 0..300 {
            let value = self
                .client
                .execute(&format!("return !!({script});"), vec![])
                .await?;
            if value.as_bool() == Some(true) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        bail!("timed out waiting for {what}")
    }

    pub async fn screenshot(&self, suffix: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let path = output_dir().join(format!("{}{suffix}.png", self.name));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Saves a screenshot (always: failures are kept for inspection) and closes.
    pub async fn close(mut self, outcome: &Result<()>) {
        let suffix = if outcome.is_err() { "-FAILED" } else { "" };
        match self.screenshot(suffix).await {
            Ok(path) => eprintln!("screenshot: {}", path.display()),
            Err(e) => eprintln!("no screenshot: {e}"),
        }
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Runs `body` against a launched app, saving a screenshot whatever happens.
pub async fn with_app<F>(name: &str, data_dir: &Path, args: &[&str], body: F) -> Result<()>
where
    F: AsyncFnOnce(&App) -> Result<()>,
{
    let app = App::launch(name, data_dir, args).await?;
    let outcome = body(&app).await;
    app.close(&outcome).await;
    outcome
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Types into a field found by CSS, replacing what is there.
pub async fn fill(app: &App, css: &str, text: &str) -> Result<()> {
    let field = app.wait_for(css).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

pub fn fixture(name: &str) -> String {
    let dir = std::env::var_os("KAIGI_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-output/fixtures")
        });
    dir.join(name).to_string_lossy().into_owned()
}
