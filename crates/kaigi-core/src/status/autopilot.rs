//! Runs [`auto::tick`](super::auto::tick) for the signed-in user: every
//! half minute, and at once when activity resumes or a meeting starts or ends.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

use super::WorkStatus;
use super::auto::{self, Situation};
use crate::TaskHandle;
use crate::session::Session;

const PERIOD: Duration = Duration::from_secs(30);

/// What the autopilot knows; times are milliseconds since the epoch.
#[derive(Debug, Clone, Copy)]
struct Inputs {
    last_activity_ms: i64,
    in_meeting: bool,
    away_after_ms: Option<i64>,
    offset_min: i32,
}

/// Stops when dropped.
pub struct Autopilot {
    inputs: Arc<Mutex<Inputs>>,
    wake: Arc<Notify>,
    _task: TaskHandle,
}

impl Autopilot {
    /// `clock` returns now in ms since the epoch; `on_change` gets every status
    /// the autopilot sets.
    pub fn start(
        session: Arc<Session>,
        clock: impl Fn() -> i64 + Send + Sync + 'static,
        on_change: impl Fn(WorkStatus) + Send + Sync + 'static,
    ) -> Self {
        let inputs = Arc::new(Mutex::new(Inputs {
            last_activity_ms: clock(),
            in_meeting: false,
            away_after_ms: Some(10 * 60_000),
            offset_min: 0,
        }));
        let wake = Arc::new(Notify::new());
        let task = {
            let (inputs, wake) = (inputs.clone(), wake.clone());
            TaskHandle::spawn(async move {
                loop {
                    let _ = tokio::time::timeout(PERIOD, wake.notified()).await;
                    let now = clock();
                    let i = *lock(&inputs);
                    let situation = Situation {
                        now_ms: now,
                        offset_min: i.offset_min,
                        in_meeting: i.in_meeting,
                        idle_ms: now - i.last_activity_ms,
                        away_after_ms: i.away_after_ms,
                    };
                    match auto::tick(&session, situation).await {
                        Ok(Some(status)) => on_change(status),
                        Ok(None) => {}
                        Err(e) => tracing::warn!(error = %e, "automatic status change failed"),
                    }
                }
            })
        };
        Self {
            inputs,
            wake,
            _task: task,
        }
    }

    /// The user did something at `now_ms`; wakes the autopilot if they were idle.
    pub fn activity(&self, now_ms: i64) {
        let mut i = lock(&self.inputs);
        let was_idle = i
            .away_after_ms
            .is_some_and(|after| now_ms - i.last_activity_ms >= after);
        i.last_activity_ms = now_ms;
        drop(i);
        if was_idle {
            self.wake.notify_one();
        }
    }

    pub fn set_in_meeting(&self, in_meeting: bool) {
        lock(&self.inputs).in_meeting = in_meeting;
        self.wake.notify_one();
    }

    /// Idle time before "away" (`None`: never), and the local UTC offset.
    pub fn configure(&self, away_after_ms: Option<i64>, offset_min: i32) {
        let mut i = lock(&self.inputs);
        i.away_after_ms = away_after_ms;
        i.offset_min = offset_min;
    }
}

fn lock(inputs: &Mutex<Inputs>) -> std::sync::MutexGuard<'_, Inputs> {
    inputs.lock().unwrap_or_else(|p| p.into_inner())
}
