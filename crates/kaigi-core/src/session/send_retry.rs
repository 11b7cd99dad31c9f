//! Keeps the send queue going through outages.
//!
//! matrix-sdk stops a room's send queue at the first network error, so
//! messages never go out of order, and leaves restarting it to the app. This
//! restarts it after a growing pause (0.5 s up to 15 s) until the homeserver
//! answers again. Each message keeps its transaction id across attempts, so a
//! message the server stored just before it died is not stored twice.
//!
//! When the sync finds the homeserver again after an outage, every queue is
//! restarted at once and the pauses start from the beginning, so messages go
//! out as soon as the server is back rather than after the rest of a pause.
//!
//! The SDK also stops the queue after an error that retrying cannot mend (the
//! message is then marked failed, for the user to retry or delete). The queue
//! is started again at once, so one failed message does not hold back every
//! message written after it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use matrix_sdk::Client;
use matrix_sdk::ruma::OwnedRoomId;
use matrix_sdk::send_queue::SendQueueRoomError;
use matrix_sdk_ui::sync_service::{State, SyncService};
use tokio::sync::broadcast::error::RecvError;

use crate::TaskHandle;

const FIRST_PAUSE: Duration = Duration::from_millis(500);
const LONGEST_PAUSE: Duration = Duration::from_secs(15);
/// Failures further apart than this start the pauses from the beginning again.
const QUIET: Duration = Duration::from_secs(60);

/// The pause before attempt number `failures` (1-based) in a row.
pub(crate) fn pause(failures: u32) -> Duration {
    FIRST_PAUSE
        .saturating_mul(2u32.saturating_pow(failures.saturating_sub(1)))
        .min(LONGEST_PAUSE)
}

pub(crate) fn spawn(client: Client, sync: &SyncService) -> TaskHandle {
    // Subscribed before the task starts, so no error between now and then is missed.
    let mut errors = client.send_queue().subscribe_errors();
    let mut states = sync.state();
    TaskHandle::spawn(async move {
        let mut streaks: HashMap<OwnedRoomId, (u32, Instant)> = HashMap::new();
        let mut reachable = true;
        loop {
            tokio::select! {
                error = errors.recv() => match error {
                    Ok(error) => on_error(&client, &mut streaks, error),
                    Err(RecvError::Lagged(_)) => {
                        // Some errors were missed: restart every queue soon.
                        tokio::time::sleep(FIRST_PAUSE).await;
                        client.send_queue().set_enabled(true).await;
                    }
                    Err(RecvError::Closed) => return,
                },
                Some(state) = states.next() => {
                    let running = matches!(state, State::Running);
                    if running && !reachable {
                        tracing::info!("the homeserver answers again; sending resumes");
                        streaks.clear();
                        client.send_queue().set_enabled(true).await;
                    }
                    reachable = !matches!(state, State::Offline | State::Error(_));
                }
            }
        }
    })
}

/// Restarts the room's queue: at once after an error retrying cannot mend,
/// after a growing pause after a network error.
fn on_error(
    client: &Client,
    streaks: &mut HashMap<OwnedRoomId, (u32, Instant)>,
    error: SendQueueRoomError,
) {
    if !error.is_recoverable {
        // The message is marked failed and skipped from now on; the
        // user decides to retry it. The rest of the queue goes on.
        tracing::warn!(room = %error.room_id, error = %error.error, "a message could not be sent");
        if let Some(room) = client.get_room(&error.room_id) {
            room.send_queue().set_enabled(true);
        }
        return;
    }
    let now = Instant::now();
    let streak = streaks.entry(error.room_id.clone()).or_insert((0, now));
    if now.duration_since(streak.1) > QUIET {
        streak.0 = 0;
    }
    *streak = (streak.0 + 1, now);
    let wait = pause(streak.0);
    tracing::info!(room = %error.room_id, ?wait, "sending paused by a network error; retrying");
    let client = client.clone();
    let room_id = error.room_id;
    tokio::spawn(async move {
        tokio::time::sleep(wait).await;
        if let Some(room) = client.get_room(&room_id) {
            room.send_queue().set_enabled(true);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_and_are_capped() {
        assert_eq!(pause(1), Duration::from_millis(500));
        assert_eq!(pause(2), Duration::from_secs(1));
        assert_eq!(pause(4), Duration::from_secs(4));
        assert_eq!(pause(6), LONGEST_PAUSE);
        assert_eq!(pause(60), LONGEST_PAUSE);
    }
}
