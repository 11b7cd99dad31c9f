//! Following one verification to its end: the request until both sides are
//! ready, then the emoji exchange, each step reported to the UI.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use futures_util::{Stream, StreamExt, stream};
use matrix_sdk::encryption::verification::{
    SasState, SasVerification, Verification, VerificationRequest, VerificationRequestState,
};

use super::{Emit, Flow, SasEmoji, VerificationUpdate};
use crate::session::interest::Interests;

/// The requests sent to the devices of one user; the first device to answer
/// wins and the others are cancelled quietly.
pub(super) struct Group {
    winner: Mutex<Option<String>>,
    size: usize,
}

impl Group {
    /// A group of `size` requests, none answered yet.
    pub(super) fn of(size: usize) -> Self {
        Self {
            winner: Mutex::new(None),
            size,
        }
    }

    /// Claims the group for `flow_id`; false when another device answered first.
    pub(super) fn claim(&self, flow_id: &str) -> bool {
        let mut winner = self.winner.lock().unwrap_or_else(PoisonError::into_inner);
        winner.get_or_insert_with(|| flow_id.to_owned()) == flow_id
    }

    /// Whether the end of `flow_id` is news for the UI.
    pub(super) fn speaks_for(&self, flow_id: &str) -> bool {
        let winner = self.winner.lock().unwrap_or_else(PoisonError::into_inner);
        self.size == 1 || winner.as_deref() == Some(flow_id)
    }
}

/// Reports one device's flow to the UI under the group's id.
pub(super) struct Reporter {
    pub(super) public: String,
    pub(super) group: Arc<Group>,
    pub(super) emit: Emit,
}

impl Reporter {
    fn emojis(&self, emojis: Vec<SasEmoji>) {
        (self.emit)(VerificationUpdate::Emojis {
            flow_id: self.public.clone(),
            emojis,
        });
    }

    fn done(&self) {
        (self.emit)(VerificationUpdate::Done {
            flow_id: self.public.clone(),
        });
    }

    fn cancelled(&self, flow_id: &str, reason: String) {
        if self.group.speaks_for(flow_id) {
            (self.emit)(VerificationUpdate::Cancelled {
                flow_id: self.public.clone(),
                reason,
            });
        }
    }
}

/// The state now, then each change. Arguments are evaluated left to right, so
/// `changes` is subscribed before `now` is read and no change falls between.
fn from_now<S, C>(changes: C, now: S) -> impl Stream<Item = S> + Unpin
where
    C: Stream<Item = S> + Unpin,
{
    stream::iter([now]).chain(changes)
}

/// Follows a request: once both sides are ready the one who asked starts the
/// emoji exchange; whoever receives it accepts it.
pub(super) async fn follow_request(
    request: VerificationRequest,
    report: Reporter,
    interests: Arc<Interests>,
    flows: Arc<Mutex<HashMap<String, Flow>>>,
) {
    // In a room, every step must arrive at once, not only the latest event.
    let _synced = match request.room_id() {
        Some(room) => Some(interests.add(room).await),
        None => None,
    };
    let flow_id = request.flow_id().to_owned();
    let mut states = from_now(request.changes(), request.state());
    while let Some(current) = states.next().await {
        match current {
            VerificationRequestState::Ready { .. }
            | VerificationRequestState::Transitioned { .. }
                if !report.group.claim(&flow_id) =>
            {
                // Another of the user's devices answered first.
                let _ = request.cancel().await;
                return;
            }
            VerificationRequestState::Ready { .. } if request.we_started() => {
                match request.start_sas().await {
                    Ok(Some(sas)) => return follow_sas(sas, &flow_id, report, flows).await,
                    Ok(None) => {}
                    Err(e) => return report.cancelled(&flow_id, e.to_string()),
                }
            }
            VerificationRequestState::Transitioned {
                verification: Verification::SasV1(sas),
                ..
            } => return follow_sas(sas, &flow_id, report, flows).await,
            VerificationRequestState::Cancelled(info) => {
                return report.cancelled(&flow_id, info.reason().to_owned());
            }
            VerificationRequestState::Done => return report.done(),
            _ => {}
        }
    }
}

async fn follow_sas(
    sas: SasVerification,
    flow_id: &str,
    report: Reporter,
    flows: Arc<Mutex<HashMap<String, Flow>>>,
) {
    if let Some(flow) = flows
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get_mut(flow_id)
    {
        flow.sas = Some(sas.clone());
    }
    let mut states = from_now(sas.changes(), sas.state());
    while let Some(current) = states.next().await {
        match current {
            SasState::Started { .. } if !sas.we_started() => {
                if let Err(e) = sas.accept().await {
                    tracing::warn!(error = %e, "cannot accept the emoji verification");
                }
            }
            SasState::KeysExchanged {
                emojis: Some(short),
                ..
            } => report.emojis(
                short
                    .emojis
                    .iter()
                    .map(|e| SasEmoji {
                        symbol: e.symbol.to_owned(),
                        description: e.description.to_owned(),
                    })
                    .collect(),
            ),
            SasState::Done { .. } => return report.done(),
            SasState::Cancelled(info) => {
                return report.cancelled(flow_id, info.reason().to_owned());
            }
            _ => {}
        }
    }
}
