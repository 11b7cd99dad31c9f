//! Benchmark of the PDF viewer in the real window (run by scripts/bench.sh
//! against a release build, a local Synapse and Xvfb).
//!
//! Prints, one `key=value` per line:
//! - `first_page_ms`: opening the 200-page packet to page 1 drawn (median of 3 launches);
//! - `page_ms_*`: request to pixels in the WebView for pages not yet rendered, at 150 dpi:
//!   the page is shown when its rows on screen are drawn;
//! - `whole_page_ms_*`: the same request to the rest of those pages drawn too;
//! - `cached_page_ms_*`: moving to the next page once it was prefetched;
//! - `step_*_ms_median`: where a page's time goes (open the document; fetch it
//!   over the page socket, of which it waited `queued` and took `render` in
//!   the core; decode its bands; draw them on the canvas);
//! - `rss_*`: resident memory of the app, its PDF worker and WebKit, before and
//!   after paging through all 200 pages at 150 dpi.
//!
//! `pdftoppm -r 150` over the same document is timed by bench.sh in the same run.

#![allow(clippy::unwrap_used)]

#[path = "../tests/app/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use anyhow::{Context, Result};
use harness::{App, fill, fixture};
use kaigi_e2e::stats;
use kaigi_testkit::TestHomeserver;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Mark {
    what: String,
    page: u32,
    ms: f64,
}

async fn marks(app: &App) -> Result<Vec<Mark>> {
    let v = app
        .client
        .execute("return window.__kaigiPerf || []", vec![])
        .await?;
    Ok(serde_json::from_value(v)?)
}

#[derive(Debug, Deserialize)]
struct Phase {
    step: String,
    ms: f64,
}

/// The median of each step (open, fetch, decode, draw) recorded so far.
async fn phases(app: &App) -> Result<()> {
    let v = app
        .client
        .execute("return window.__kaigiPhases || []", vec![])
        .await?;
    let all: Vec<Phase> = serde_json::from_value(v)?;
    for step in [
        "open", "start", "fetch", "prefetch", "queued", "render", "decode", "draw",
    ] {
        let mut ms: Vec<f64> = all
            .iter()
            .filter(|p| p.step == step)
            .map(|p| p.ms)
            .collect();
        ms.sort_by(f64::total_cmp);
        if let Some(m) = ms.get(ms.len() / 2) {
            println!("step_{step}_ms_median={m:.1}");
        }
    }
    Ok(())
}

/// Resident memory (KiB) of every process under tauri-driver but the
/// drivers, by process name (the app, its PDF workers, WebKit's processes).
fn rss_kib(root: u32) -> BTreeMap<String, u64> {
    let mut parent = HashMap::new();
    let mut comm = HashMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let ppid = stat[close + 2..]
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            parent.insert(pid, ppid);
            comm.insert(pid, stat[open + 1..close].to_owned());
        }
    }
    let under = |mut pid: u32| {
        while let Some(&p) = parent.get(&pid) {
            if p == root {
                return true;
            }
            pid = p;
        }
        false
    };
    parent
        .keys()
        .filter(|&&pid| under(pid))
        .filter(|pid| !matches!(comm[*pid].as_str(), "WebKitWebDriver" | "tauri-driver"))
        .filter_map(|pid| {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            let kib = status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())?;
            Some((comm[pid].clone(), kib))
        })
        .fold(BTreeMap::new(), |mut by_name, (name, kib)| {
            *by_name.entry(name).or_default() += kib;
            by_name
        })
}

/// How long a step is left alone before the benchmark looks at the window.
const SETTLE: Duration = Duration::from_millis(300);

/// Types `page` into the page box, then (as a person would, a moment
/// later) presses Enter: the request is the Enter.
async fn go_to(app: &App, page: u32) -> Result<()> {
    fill(app, "input[name=page-number]", &page.to_string()).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.wait_for("input[name=page-number]")
        .await?
        .send_keys("\u{E007}")
        .await?;
    // The page times itself; looking for it at once would run WebDriver's
    // search in the WebView while the page renders, which no reader does.
    tokio::time::sleep(SETTLE).await;
    if let Err(e) = app
        .wait_for(&format!("canvas[data-rendered-page='{page}']"))
        .await
    {
        app.screenshot(&format!("-page-{page}-missing")).await?;
        return Err(e);
    }
    Ok(())
}

async fn press(app: &App, key: &str) -> Result<()> {
    app.wait_for("[data-testid=pdf-stage]")
        .await?
        .send_keys(key)
        .await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let user = hs.register_random("bench").await?;
    let data = tempfile::tempdir()?;
    let packet = fixture("packet-200.pdf");

    let mut first = Vec::new();
    for launch in 0..3 {
        let app = App::launch("bench", data.path(), &[&packet]).await?;
        if launch == 0 {
            fill(&app, "input[name=homeserver]", &hs.url).await?;
            fill(&app, "input[name=username]", &user.localpart).await?;
            fill(&app, "input[name=password]", &user.password).await?;
            app.wait_for("button[type=submit]").await?.click().await?;
        }
        app.wait_for("canvas[data-rendered-page='1']").await?;
        let m = marks(&app).await?;
        first.extend(m.iter().filter(|m| m.what == "firstPage").map(|m| m.ms));
        // Where the first page's time went in this launch: its steps in order.
        let steps = app
            .client
            .execute(
                "return (window.__kaigiPhases || []).slice(0, 6).map(p => `${p.step}:${p.ms.toFixed(1)}`).join(' ')",
                vec![],
            )
            .await?;
        println!(
            "first_page_steps_launch_{launch}={}",
            steps.as_str().unwrap_or("")
        );
        if launch < 2 {
            app.close(&Ok(())).await;
            continue;
        }

        // One page at a time, at 150 dpi (the window's device pixel ratio is 1).
        app.client
            .execute(
                "const l = document.querySelector('select[name=layout]');
                 l.value = 'single'; l.dispatchEvent(new Event('change', { bubbles: true }));
                 const s = document.querySelector('select[name=zoom]');
                 const o = document.createElement('option'); o.value = String(150 / 96); s.append(o);
                 s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![],
            )
            .await?;
        let state = app
            .client
            .execute("const s = document.querySelector('[data-testid=pdf-stage]'); return [s.dataset.zoom, s.dataset.layout, document.querySelector('select[name=zoom]').value];", vec![])
            .await?;
        eprintln!("viewer state after setting 150 dpi: {state}");
        app.wait_until(
            "150 dpi",
            "(s => s.dataset.zoom === '156' && s.dataset.layout === 'single')(
                document.querySelector('[data-testid=pdf-stage]'))",
        )
        .await?;
        go_to(&app, 2).await?;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let before = rss_kib(app.driver_pid());

        // Page through the whole packet as a reader would.
        for page in 3..=200 {
            press(&app, "\u{E00F}").await?; // PageDown
            app.wait_for(&format!("canvas[data-rendered-page='{page}']"))
                .await?;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        let after = rss_kib(app.driver_pid());

        // Jumps to pages not rendered yet, and then to their prefetched neighbour.
        // BENCH_NO_SIDEBAR=1: jump with the thumbnails hidden, to see what
        // the sidebar's own work on each jump costs.
        if std::env::var_os("BENCH_NO_SIDEBAR").is_some() {
            app.client
                .execute(
                    "document.querySelector('button[aria-pressed]').click()",
                    vec![],
                )
                .await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        let already = marks(&app).await?.len();
        for page in (5..=195).step_by(10) {
            go_to(&app, page).await?;
            tokio::time::sleep(Duration::from_millis(600)).await;
            press(&app, "\u{E00F}").await?;
            tokio::time::sleep(SETTLE).await;
            app.wait_for(&format!("canvas[data-rendered-page='{}']", page + 1))
                .await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        let m = marks(&app).await?;
        let fresh: Vec<&Mark> = m.iter().skip(already).collect();
        let pages: Vec<f64> = fresh
            .iter()
            .filter(|m| m.what == "page")
            .map(|m| m.ms)
            .collect();
        let whole: Vec<f64> = fresh
            .iter()
            .filter(|m| m.what == "wholePage")
            .map(|m| m.ms)
            .collect();
        let cached: Vec<f64> = fresh
            .iter()
            .filter(|m| m.what == "cachedPage")
            .map(|m| m.ms)
            .collect();
        let paging: Vec<f64> = m
            .iter()
            .take(already)
            .filter(|m| !matches!(m.what.as_str(), "firstPage" | "wholePage") && m.page > 1)
            .map(|m| m.ms)
            .collect();
        stats("first_page_ms", first.clone());
        stats("page_ms", pages);
        stats("whole_page_ms", whole);
        stats("cached_page_ms", cached);
        stats("paging_ms", paging);
        let mib = |kib: u64| kib as f64 / 1024.0;
        let (total_before, total_after) = (before.values().sum(), after.values().sum());
        println!("rss_before_mib={:.1}", mib(total_before));
        println!("rss_after_200_pages_mib={:.1}", mib(total_after));
        println!("rss_growth_mib={:.1}", mib(total_after) - mib(total_before));
        // Which process grew: the app, its PDF workers (both named after the
        // app's binary) or one of WebKit's.
        let growth: Vec<String> = after
            .iter()
            .map(|(name, &kib)| {
                let was = before.get(name).copied().unwrap_or(0);
                format!("{name}:{:+.1}", mib(kib) - mib(was))
            })
            .collect();
        println!("rss_growth_by_process_mib={}", growth.join(" "));
        phases(&app).await?;
        let _ = m.iter().map(|m| m.page).max().context("no marks")?;
        app.close(&Ok(())).await;
    }
    Ok(())
}
