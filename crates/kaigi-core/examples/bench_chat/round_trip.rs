//! Round trip: a message sent until an independent client (matrix-nio) has
//! it decrypted, for Kaigi as the sender and for matrix-nio as the sender, in
//! the same encrypted room and the same run.

use kaigi_core::chat::{NewRoom, OpenRoom, rooms};
use kaigi_testkit::{NioPeer, TestHomeserver};
use serde_json::json;

use crate::support::{now_ms, percentile, ready_to_send, signed_in, summary};

const MESSAGES: usize = 50;
const WARM_UP: usize = 3;

pub async fn run(hs: &TestHomeserver) -> anyhow::Result<()> {
    let kaigi = signed_in(hs, "bench-rt-kaigi").await?;
    let watcher_user = hs.register_random("bench-rt-watcher").await?;
    let sender_user = hs.register_random("bench-rt-nio").await?;
    let mut watcher = NioPeer::start(hs, &watcher_user).await?;
    let mut sender = NioPeer::start(hs, &sender_user).await?;
    let room_id = rooms::create_room(
        &kaigi.session,
        NewRoom::group(
            "往復",
            vec![watcher_user.user_id.clone(), sender_user.user_id.clone()],
        ),
    )
    .await?;
    // Both nio clients accept the invitation by themselves.
    ready_to_send(&kaigi.session, &room_id, 3).await?;
    let room = OpenRoom::open(&kaigi.session, &room_id, |_| {}).await?;

    let mut kaigi_ms = Vec::new();
    let mut nio_ms = Vec::new();
    for i in 0..WARM_UP + MESSAGES {
        let body = format!("往復 Kaigi {i}");
        let start = now_ms();
        room.send_text(&body).await?;
        let ms = seen_after(&mut watcher, &room_id, &body, start).await?;
        if i >= WARM_UP {
            kaigi_ms.push(ms);
        }

        let body = format!("往復 nio {i}");
        let start = now_ms();
        sender.send_text(&room_id, &body).await?;
        let ms = seen_after(&mut watcher, &room_id, &body, start).await?;
        if i >= WARM_UP {
            nio_ms.push(ms);
        }
    }
    let ratio = percentile(&kaigi_ms, 0.5) / percentile(&nio_ms, 0.5);
    println!(
        "round trip, Kaigi → matrix-nio (encrypted): {}",
        summary(&kaigi_ms)
    );
    println!(
        "round trip, matrix-nio → matrix-nio (encrypted): {}",
        summary(&nio_ms)
    );
    println!("round trip ratio (medians, Kaigi / nio): {ratio:.2}× (target ≤ 1.2×)");
    watcher.quit().await?;
    sender.quit().await?;
    Ok(())
}

/// Milliseconds from `start` until `watcher` received the message `body`.
async fn seen_after(
    watcher: &mut NioPeer,
    room_id: &str,
    body: &str,
    start: f64,
) -> anyhow::Result<f64> {
    let seen = watcher
        .wait(
            room_id,
            json!({"type": "m.room.message", "content": {"body": body}}),
            60,
        )
        .await?;
    let received = seen["received_ms"]
        .as_f64()
        .ok_or_else(|| anyhow::anyhow!("no arrival time: {seen}"))?;
    Ok(received - start)
}
