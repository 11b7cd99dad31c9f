//! Seeds a throwaway Synapse with Kaigi's demo data and signs the demo user in
//! to a profile, so the app opens signed in.
//!
//! `kaigi-demo-seed --profile DIR --pdf FILE --pages N` with `KAIGI_TEST_HOMESERVER` and
//! `KAIGI_TEST_SHARED_SECRET` set (scripts/demo.sh does all of this).

mod seed;

use std::path::PathBuf;

use anyhow::{Context, Result};

#[tokio::main]
async fn main() -> Result<()> {
    // matrix-sdk logs expected 404s (no key backup yet) at error level; keep the demo output readable.
    tracing_subscriber::fmt()
        .with_env_filter("warn,matrix_sdk::http_client=off")
        .init();
    let mut args = std::env::args().skip(1);
    let (mut profile, mut pdf, mut pages) = (None, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--profile" => profile = args.next().map(PathBuf::from),
            "--pdf" => pdf = args.next().map(PathBuf::from),
            "--pages" => pages = args.next().and_then(|n| n.parse::<u32>().ok()),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let profile = profile.context("--profile DIR is required")?;
    let pdf = pdf.context("--pdf FILE is required")?;
    let pages = pages.context("--pages N (the PDF's page count) is required")?;
    let hs = kaigi_testkit::TestHomeserver::from_env()?;
    let demo = seed::run(&hs, &profile, &pdf, pages).await?;
    println!("Demo user: {} / password: {}", demo.user_id, demo.password);
    Ok(())
}
