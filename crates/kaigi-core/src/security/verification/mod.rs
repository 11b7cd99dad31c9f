//! Emoji (SAS) verification: I ask another user (or my other device) to
//! verify, or they ask me; both screens show the same seven emoji, both
//! people confirm, and from then on each trusts the other's keys.
//!
//! Each flow is followed by a task that turns the SDK's state changes into
//! [`VerificationUpdate`]s for the UI.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use matrix_sdk::Client;
use matrix_sdk::encryption::verification::{SasVerification, VerificationRequest};
use matrix_sdk::event_handler::EventHandlerDropGuard;
use matrix_sdk::ruma::events::key::verification::request::ToDeviceKeyVerificationRequestEvent;
use matrix_sdk::ruma::events::room::message::{MessageType, OriginalSyncRoomMessageEvent};
use matrix_sdk::ruma::{OwnedUserId, UserId};
use serde::Serialize;

mod follow;

use follow::{Group, Reporter, follow_request};

use super::SecurityError;
use crate::TaskHandle;
use crate::session::Session;
use crate::session::interest::Interests;

/// One of the seven emoji both people compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SasEmoji {
    pub symbol: String,
    /// The English name from the Matrix spec; the UI translates it.
    pub description: String,
}

/// What happened in a verification, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum VerificationUpdate {
    /// Someone asks me to verify (or I asked and am waiting for them).
    Requested {
        flow_id: String,
        user_id: String,
        /// I started it.
        outgoing: bool,
        /// It is between two of my own devices.
        own_device: bool,
    },
    /// Compare these with the other screen.
    Emojis {
        flow_id: String,
        emojis: Vec<SasEmoji>,
    },
    /// Both confirmed; the other side is now verified.
    Done { flow_id: String },
    /// Stopped by either side, or the emoji did not match.
    Cancelled { flow_id: String, reason: String },
}

type Emit = Arc<dyn Fn(VerificationUpdate) + Send + Sync>;

struct Flow {
    request: VerificationRequest,
    sas: Option<SasVerification>,
    /// The id the UI knows the flow by: a request sent to several devices of
    /// a user is one flow for the UI, named by its first request.
    public: String,
    _watch: TaskHandle,
}

/// The verifications of one session, incoming and outgoing. Dropping it stops
/// listening.
pub struct Verifications {
    client: Client,
    interests: Arc<Interests>,
    flows: Arc<Mutex<HashMap<String, Flow>>>,
    emit: Emit,
    _handlers: Vec<EventHandlerDropGuard>,
}

impl Verifications {
    /// Starts listening for requests addressed to me; every change of every
    /// flow goes to `emit`.
    pub fn watch(
        session: &Session,
        emit: impl Fn(VerificationUpdate) + Send + Sync + 'static,
    ) -> Arc<Self> {
        let client = session.client().clone();
        let emit: Emit = Arc::new(emit);
        Arc::new_cyclic(|weak: &std::sync::Weak<Self>| {
            let to_device = {
                let weak = weak.clone();
                client.add_event_handler(
                    move |ev: ToDeviceKeyVerificationRequestEvent, client: Client| {
                        let weak = weak.clone();
                        async move {
                            if let Some(this) = weak.upgrade() {
                                this.incoming(
                                    &client,
                                    &ev.sender,
                                    ev.content.transaction_id.as_str(),
                                )
                                .await;
                            }
                        }
                    },
                )
            };
            let in_room = {
                let weak = weak.clone();
                client.add_event_handler(move |ev: OriginalSyncRoomMessageEvent, client: Client| {
                    let weak = weak.clone();
                    async move {
                        if let MessageType::VerificationRequest(content) = &ev.content.msgtype
                            && client.user_id() == Some(content.to.as_ref())
                            && let Some(this) = weak.upgrade()
                        {
                            this.incoming(&client, &ev.sender, ev.event_id.as_str())
                                .await;
                        }
                    }
                })
            };
            Self {
                client: client.clone(),
                interests: session.interests(),
                flows: Arc::default(),
                emit,
                _handlers: vec![
                    client.event_handler_drop_guard(to_device),
                    client.event_handler_drop_guard(in_room),
                ],
            }
        })
    }

    async fn incoming(&self, client: &Client, sender: &UserId, flow_id: &str) {
        let Some(request) = client
            .encryption()
            .get_verification_request(sender, flow_id)
            .await
        else {
            return;
        };
        if request.is_done() || request.is_cancelled() || request.we_started() {
            return;
        }
        let public = request.flow_id().to_owned();
        self.announce(&request, &public);
        self.follow(request, public, Arc::new(Group::of(1)));
    }

    /// Asks `user_id` to verify. Verifying myself asks my other devices.
    /// Requests go device to device, so each step arrives with the
    /// homeserver's to-device messages, at once.
    pub async fn request(&self, user_id: &str) -> Result<String, SecurityError> {
        let user: OwnedUserId = UserId::parse(user_id.trim())
            .map_err(|_| SecurityError::InvalidUserId(user_id.to_owned()))?;
        let encryption = self.client.encryption();
        let identity = encryption
            .request_user_identity(&user)
            .await?
            .ok_or_else(|| SecurityError::NoIdentity(user.to_string()))?;
        let requests = if self.client.user_id() == Some(&*user) {
            vec![identity.request_verification().await?]
        } else {
            let mut requests = Vec::new();
            for device in encryption.get_user_devices(&user).await?.devices() {
                if !device.is_deleted() {
                    requests.push(device.request_verification().await?);
                }
            }
            requests
        };
        let first = requests
            .first()
            .ok_or_else(|| SecurityError::NoIdentity(user.to_string()))?;
        let public = first.flow_id().to_owned();
        self.announce(first, &public);
        let group = Arc::new(Group::of(requests.len()));
        for request in requests {
            self.follow(request, public.clone(), group.clone());
        }
        Ok(public)
    }

    /// Agrees to a request someone sent me.
    pub async fn accept(&self, flow_id: &str) -> Result<(), SecurityError> {
        let request = self.flow(flow_id, |f| f.request.clone())?;
        request.accept().await?;
        Ok(())
    }

    /// The emoji match: confirm.
    pub async fn confirm(&self, flow_id: &str) -> Result<(), SecurityError> {
        Ok(self.sas(flow_id)?.confirm().await?)
    }

    /// The emoji differ: stop, and tell the other side.
    pub async fn mismatch(&self, flow_id: &str) -> Result<(), SecurityError> {
        Ok(self.sas(flow_id)?.mismatch().await?)
    }

    /// The emoji exchange of a flow, once it has started.
    fn sas(&self, flow_id: &str) -> Result<SasVerification, SecurityError> {
        self.flow(flow_id, |f| f.sas.clone())?
            .ok_or_else(|| SecurityError::UnknownVerification(flow_id.to_owned()))
    }

    /// Declines or stops a verification at any step.
    pub async fn cancel(&self, flow_id: &str) -> Result<(), SecurityError> {
        let (request, sas) = self.flow(flow_id, |f| (f.request.clone(), f.sas.clone()))?;
        match sas {
            Some(sas) => sas.cancel().await?,
            None => request.cancel().await?,
        }
        Ok(())
    }

    /// Whether I have verified `user_id` (their identity is signed by mine).
    pub async fn is_verified(&self, user_id: &str) -> Result<bool, SecurityError> {
        let user =
            UserId::parse(user_id).map_err(|_| SecurityError::InvalidUserId(user_id.to_owned()))?;
        Ok(self
            .client
            .encryption()
            .get_user_identity(&user)
            .await?
            .is_some_and(|i| i.is_verified()))
    }

    /// The flow the UI calls `public`: the device that answered, if one has.
    fn flow<T>(&self, public: &str, pick: impl FnOnce(&Flow) -> T) -> Result<T, SecurityError> {
        let flows = self.flows.lock().unwrap_or_else(PoisonError::into_inner);
        let mut members: Vec<&Flow> = flows.values().filter(|f| f.public == public).collect();
        members.sort_by_key(|f| {
            (
                f.sas.is_none(),
                f.request.is_cancelled(),
                !f.request.is_ready(),
            )
        });
        members
            .first()
            .map(|f| pick(f))
            .ok_or_else(|| SecurityError::UnknownVerification(public.to_owned()))
    }

    fn announce(&self, request: &VerificationRequest, public: &str) {
        (self.emit)(VerificationUpdate::Requested {
            flow_id: public.to_owned(),
            user_id: request.other_user_id().to_string(),
            outgoing: request.we_started(),
            own_device: request.is_self_verification(),
        });
    }

    /// Follows `request` to its end, reporting under the id `public`.
    fn follow(&self, request: VerificationRequest, public: String, group: Arc<Group>) {
        let watch = TaskHandle::spawn(follow_request(
            request.clone(),
            Reporter {
                public: public.clone(),
                group,
                emit: self.emit.clone(),
            },
            self.interests.clone(),
            self.flows.clone(),
        ));
        let mut flows = self.flows.lock().unwrap_or_else(PoisonError::into_inner);
        flows.insert(
            request.flow_id().to_owned(),
            Flow {
                request,
                sas: None,
                public,
                _watch: watch,
            },
        );
    }
}
