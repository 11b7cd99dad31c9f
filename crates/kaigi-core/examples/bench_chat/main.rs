//! Chat benchmarks against the local Synapse (`scripts/bench.sh` starts it and
//! a keychain). The bench makes its own data on the server:
//!
//! - round trip: Kaigi sends, matrix-nio sees it, next to two matrix-nio
//!   clients doing the same in the same encrypted room;
//! - a room with 10,000 cached events opened to its first paint;
//! - warm start with 1,000 joined rooms: the room list shown;
//! - search over 100,000 messages, 1- and 2-character Japanese included.
//!
//! `bench_chat [round-trip|search|big-room|many-rooms]...` runs some of them.

// A benchmark stops at its first failure with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod big_room;
mod many_rooms;
mod round_trip;
mod search;
mod support;

use kaigi_testkit::TestHomeserver;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let chosen: Vec<String> = std::env::args().skip(1).collect();
    let runs = |name: &str| chosen.is_empty() || chosen.iter().any(|c| c == name);
    if runs("search") {
        search::run()?;
    }
    if runs("round-trip") || runs("big-room") || runs("many-rooms") {
        let hs = TestHomeserver::from_env()?;
        if runs("round-trip") {
            round_trip::run(&hs).await?;
        }
        if runs("big-room") {
            big_room::run(&hs).await?;
        }
        if runs("many-rooms") {
            many_rooms::run(&hs).await?;
        }
    }
    Ok(())
}
