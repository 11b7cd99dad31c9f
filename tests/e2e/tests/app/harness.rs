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
    data_dir: PathBuf,
}

impl App {
    /// Launches the app on the profile in `data_dir`, with extra command-line args.
    pub async fn launch(name: &str, data_dir: &Path, args: &[&str]) -> Result<Self> {
        eprintln!("e2e [{name}]: launching the app");
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
            .env("KAIGI_EXPORT_DIR", data_dir.join("exports"))
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
                        data_dir: data_dir.to_owned(),
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
        self.wait_until_for(what, script, 60).await
    }

    /// Waits at most about `secs` seconds until `script` is truthy.
    pub async fn wait_until_for(&self, what: &str, script: &str, secs: u32) -> Result<()> {
        let script = format!("return !!({script});");
        for _ in 0..secs * 5 {
            let call = self.client.execute(&script, vec![]);
            if let Ok(Ok(value)) = tokio::time::timeout(Duration::from_secs(5), call).await
                && value.as_bool() == Some(true)
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        bail!("timed out waiting for {what}")
    }

    /// The tauri-driver process; the app and WebKit run under it.
    #[allow(dead_code, reason = "used by examples/pdf_viewer_bench.rs")]
    pub fn driver_pid(&self) -> u32 {
        self.driver.id()
    }

    /// Waits until some element matching `css` has exactly the text `text`
    /// (ignoring surrounding white space). One script call per check, so it
    /// stays fast on long pages.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Result<()> {
        let script = format!(
            "[...document.querySelectorAll({css})].some(e => e.textContent.trim() === {text})",
            css = serde_json::to_string(css)?,
            text = serde_json::to_string(text.trim())?,
        );
        self.wait_until(&format!("{css} with text {text}"), &script)
            .await
    }

    /// Waits until a top-level window on the X display has the title `title`:
    /// the native title, which the page's `document.title` does not set.
    pub async fn wait_for_window_title(&self, title: &str) -> Result<()> {
        let quoted = format!("\"{title}\"");
        let mut last = String::new();
        for _ in 0..150 {
            let out = tokio::process::Command::new("xwininfo")
                .args(["-root", "-children"])
                .output()
                .await
                .context("running xwininfo (x11-utils)")?;
            last = String::from_utf8_lossy(&out.stdout).into_owned();
            if last.lines().any(|l| l.contains(&quoted)) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        bail!("no window titled {quoted}; windows:\n{last}")
    }

    /// Captures the X display the window is on (what a person sees). WebDriver's
    /// own screenshot call can block in WebKitWebDriver, so it is not used.
    pub async fn screenshot(&self, suffix: &str) -> Result<PathBuf> {
        let path = output_dir().join(format!("{}{suffix}.png", self.name));
        let status = tokio::process::Command::new("import")
            .args(["-window", "root"])
            .arg(&path)
            .status()
            .await
            .context("running ImageMagick's import")?;
        anyhow::ensure!(status.success(), "import failed: {status}");
        Ok(path)
    }

    /// Copies the app's log next to the screenshots and prints its end, so a
    /// failure can be read from the test output.
    fn keep_app_log(&self) {
        let Ok(entries) = std::fs::read_dir(self.data_dir.join("logs")) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let kept = output_dir().join(format!("{}-app.log", self.name));
            std::fs::write(&kept, &text).ok();
            let lines: Vec<&str> = text.lines().collect();
            eprintln!("app log ({}), last lines:", kept.display());
            for line in &lines[lines.len().saturating_sub(80)..] {
                eprintln!("  {line}");
            }
        }
    }

    /// Saves a screenshot (always: failures are kept for inspection) and closes.
    pub async fn close(mut self, outcome: &Result<()>) {
        eprintln!(
            "e2e [{}]: closing ({})",
            self.name,
            if outcome.is_ok() { "passed" } else { "failed" }
        );
        let suffix = if outcome.is_err() { "-FAILED" } else { "" };
        // KAIGI_KEEP_LOGS keeps the logs of a passing test too.
        let keep = outcome.is_err() || std::env::var_os("KAIGI_KEEP_LOGS").is_some();
        if keep {
            self.keep_app_log();
            keep_peer_log(&self.name);
        }
        match self.screenshot(suffix).await {
            Ok(path) => eprintln!("screenshot: {}", path.display()),
            Err(e) => eprintln!("no screenshot: {e}"),
        }
        eprintln!("e2e [{}]: screenshot taken, ending the session", self.name);
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A log held in memory, shared by whoever writes to it.
pub type SharedLog = std::sync::Arc<std::sync::Mutex<Vec<u8>>>;

/// What the test's other participants (`peer.rs`) log.
pub fn peer_log() -> &'static SharedLog {
    static LOG: std::sync::OnceLock<SharedLog> = std::sync::OnceLock::new();
    LOG.get_or_init(Default::default)
}

/// Saves what the peers logged as `<name>-peers.log`.
fn keep_peer_log(name: &str) {
    let log = peer_log().lock().expect("log lock");
    if !log.is_empty() {
        let kept = output_dir().join(format!("{name}-peers.log"));
        if std::fs::write(&kept, &*log).is_ok() {
            eprintln!("peers' log: {}", kept.display());
        }
    }
}

/// Runs `body` against a launched app, saving a screenshot whatever happens,
/// a failed assertion included.
pub async fn with_app<F>(name: &str, data_dir: &Path, args: &[&str], body: F) -> Result<()>
where
    F: AsyncFnOnce(&App) -> Result<()>,
{
    use futures_util::FutureExt;
    let app = App::launch(name, data_dir, args).await?;
    let outcome = std::panic::AssertUnwindSafe(body(&app))
        .catch_unwind()
        .await;
    match outcome {
        Ok(result) => {
            app.close(&result).await;
            result
        }
        Err(panic) => {
            app.close(&Err(anyhow::anyhow!("panicked"))).await;
            std::panic::resume_unwind(panic)
        }
    }
}

/// Switches the UI language with the language menu, as a person would.
pub async fn choose_language(app: &App, code: &str) -> Result<()> {
    app.wait_for(&format!("select[name=language] option[value={code}]"))
        .await?
        .click()
        .await?;
    app.wait_until(
        "the language switch",
        &format!("document.documentElement.lang === '{code}'"),
    )
    .await
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Clicks the element found by CSS, once it is there.
pub async fn click(app: &App, css: &str) -> Result<()> {
    app.wait_for(css).await?.click().await?;
    Ok(())
}

/// Presses Alt and `key` together, as a person does for a shortcut.
pub async fn alt(app: &App, key: char) -> Result<()> {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    use fantoccini::key::Key;
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down {
            value: Key::Alt.into(),
        })
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key })
        .then(KeyAction::Up {
            value: Key::Alt.into(),
        });
    app.client.perform_actions(keys).await?;
    Ok(())
}

/// Signs in from the sign-in page, as a person would.
pub async fn sign_in(app: &App, homeserver: &str, user: &kaigi_testkit::TestUser) -> Result<()> {
    fill(app, "input[name=homeserver]", homeserver).await?;
    fill(app, "input[name=username]", &user.localpart).await?;
    fill(app, "input[name=password]", &user.password).await?;
    click(app, "button[type=submit]").await
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

/// The viewport position of a point (PDF points, y up) on A4 page `page` (1-based).
async fn on_page(app: &App, page: u32, x: f64, y: f64) -> Result<(i64, i64)> {
    let script = format!(
        "const r = document.querySelector('[data-page=\"{page}\"] svg[data-testid=annotation-layer]').getBoundingClientRect();
         const k = r.height / 841.89;
         return [Math.round(r.left + {x} * k), Math.round(r.top + (841.89 - {y}) * k)];"
    );
    let v: (i64, i64) = serde_json::from_value(app.client.execute(&script, vec![]).await?)?;
    Ok(v)
}

/// Drags the mouse through `points` (PDF points) on page `page`, as a pen would.
pub async fn drag(app: &App, page: u32, points: &[(f64, f64)]) -> Result<()> {
    use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
    let mut mouse = MouseActions::new("mouse".into());
    let (x, y) = on_page(app, page, points[0].0, points[0].1).await?;
    mouse = mouse
        .then(PointerAction::MoveTo {
            duration: None,
            x,
            y,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    for &(px, py) in &points[1..] {
        let (x, y) = on_page(app, page, px, py).await?;
        mouse = mouse.then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(30)),
            x,
            y,
        });
    }
    mouse = mouse.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    app.client.perform_actions(mouse).await?;
    Ok(())
}

/// Drops files on the window: the event the webview emits for a native drop,
/// once the window listens for drops.
pub async fn drop_files(app: &App, paths: &[&Path]) -> Result<()> {
    app.wait_for(".workspace[data-drops=ready]").await?;
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    app.client
        .execute(
            "window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: 'tauri://drag-drop', \
             payload: { paths: arguments[0], position: { x: 640, y: 400 } } }); return true;",
            vec![serde_json::to_value(paths)?],
        )
        .await?;
    Ok(())
}
