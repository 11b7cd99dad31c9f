//! Fetches the devices of people who join or are invited to an encrypted room
//! as soon as their membership arrives.
//!
//! matrix-sdk starts tracking a newcomer when the room-list sync delivers
//! their membership, but sends the device query only when its encryption sync
//! begins its next request, which can be a whole long-poll (30 s) later. A
//! message sent in between waits 5 s for that query and then goes out without
//! the newcomer's devices, and they can never read it. Querying here, at once,
//! closes that window.

use std::collections::HashSet;

use matrix_sdk::event_handler::EventHandlerDropGuard;
use matrix_sdk::ruma::events::room::member::{MembershipState, SyncRoomMemberEvent};
use matrix_sdk::ruma::{OwnedUserId, UserId};
use matrix_sdk::{Client, Room};
use tokio::sync::mpsc;

use crate::TaskHandle;

/// Keeps the membership handler and its query task alive.
pub(crate) struct DeviceTracking {
    _handler: EventHandlerDropGuard,
    _queries: TaskHandle,
}

pub(crate) fn attach(client: &Client) -> DeviceTracking {
    let (newcomers, mut queue) = mpsc::unbounded_channel::<OwnedUserId>();
    let handler = client.add_event_handler(move |event: SyncRoomMemberEvent, room: Room| {
        let newcomers = newcomers.clone();
        async move {
            let entering = matches!(
                event.membership(),
                MembershipState::Join | MembershipState::Invite
            );
            if entering && room.encryption_state().is_encrypted() {
                // The receiver lives as long as this handler.
                let _ = newcomers.send(event.state_key().clone());
            }
        }
    });
    let client_for_queries = client.clone();
    let queries = TaskHandle::spawn(async move {
        let client = client_for_queries;
        let mut fetched = HashSet::new();
        while let Some(user) = queue.recv().await {
            // Once fetched, a user is tracked and the homeserver's device-list
            // updates keep their devices current.
            if !fetched.contains(&user) && fetch_if_unknown(&client, &user).await {
                fetched.insert(user);
            }
        }
    });
    DeviceTracking {
        _handler: client.event_handler_drop_guard(handler),
        _queries: queries,
    }
}

/// Fetches `user`'s devices from the homeserver unless some are known
/// already. Returns whether their devices are known now.
pub(crate) async fn fetch_if_unknown(client: &Client, user: &UserId) -> bool {
    if client.user_id() == Some(user) {
        return true;
    }
    let encryption = client.encryption();
    let known = encryption
        .get_user_devices(user)
        .await
        .is_ok_and(|d| d.devices().next().is_some());
    if known {
        return true;
    }
    match encryption.request_user_identity(user).await {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!(error = %e, %user, "cannot fetch a member's devices");
            false
        }
    }
}
