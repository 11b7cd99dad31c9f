//! Encryption the user acts on: cross-signing at first sign-in, a recovery key
//! that verifies a second device, and emoji verification between two users,
//! both when the emoji match and when they do not.

use std::sync::{Arc, Mutex};

use kaigi_core::ErrorCode;
use kaigi_core::HasErrorCode;
use kaigi_core::chat::OpenRoom;
use kaigi_core::chat::rooms::{self, NewRoom};
use kaigi_core::security::{
    self, RecoveryStatus, SecurityState, VerificationUpdate, Verifications,
};
use kaigi_core::session::Session;

use crate::{
    eventually, homeserver, joined, knows_devices, members_joined, new_profile, signed_in,
};

type Seen = Arc<Mutex<Vec<VerificationUpdate>>>;

fn watch(session: &Session) -> (Arc<Verifications>, Seen) {
    let seen: Seen = Arc::default();
    let sink = seen.clone();
    let verifications = Verifications::watch(session, move |u| sink.lock().unwrap().push(u));
    (verifications, seen)
}

async fn state_where(
    session: &Session,
    what: &str,
    ok: impl Fn(&SecurityState) -> bool,
) -> SecurityState {
    eventually(60, what, async || {
        let state = security::security_state(session).await;
        ok(&state).then_some(state)
    })
    .await
}

async fn emojis(seen: &Seen, flow: &str) -> Vec<String> {
    eventually(60, "the emoji", async || {
        seen.lock().unwrap().iter().find_map(|u| match u {
            VerificationUpdate::Emojis { flow_id, emojis } if flow_id == flow => {
                Some(emojis.iter().map(|e| e.symbol.clone()).collect::<Vec<_>>())
            }
            _ => None,
        })
    })
    .await
}

async fn incoming(seen: &Seen, from: &str) -> String {
    eventually(60, "the incoming request", async || {
        seen.lock().unwrap().iter().find_map(|u| match u {
            VerificationUpdate::Requested {
                flow_id,
                user_id,
                outgoing: false,
                ..
            } if user_id == from => Some(flow_id.clone()),
            _ => None,
        })
    })
    .await
}

async fn ended(seen: &Seen, flow: &str) -> VerificationUpdate {
    eventually(60, "the end of the verification", async || {
        seen.lock().unwrap().iter().find_map(|u| match u {
            VerificationUpdate::Done { flow_id }
            | VerificationUpdate::Cancelled { flow_id, .. }
                if flow_id == flow =>
            {
                Some(u.clone())
            }
            _ => None,
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn recovery_key_verifies_a_new_device() {
    let (user, _p, first) = signed_in("recover").await;
    let state = state_where(&first, "cross-signing at first sign-in", |s| {
        s.cross_signing && s.device_verified && s.recovery == RecoveryStatus::Disabled
    })
    .await;
    assert!(state.cross_signing);
    let key = security::enable_recovery(&first).await.unwrap();
    assert!(
        key.split_whitespace().count() >= 10,
        "a recovery key: {key}"
    );
    state_where(&first, "recovery on", |s| {
        s.recovery == RecoveryStatus::Enabled && s.backup
    })
    .await;
    // A message from before the second computer existed: its room key reaches
    // that computer only from the backup, after the message itself.
    let room_id = rooms::create_room(&first, NewRoom::group("引継ぎ", vec![]))
        .await
        .unwrap();
    let room = OpenRoom::open(&first, &room_id, |_| {}).await.unwrap();
    room.send_text("引継ぎ資料は共有フォルダにあります")
        .await
        .unwrap();
    eventually(60, "the message sent and its key backed up", async || {
        let sent = first.search().search("引継", None, 10).ok()?;
        let backups = first.client().encryption().backups();
        (!sent.is_empty() && backups.wait_for_steady_state().await.is_ok()).then_some(())
    })
    .await;
    drop(room);

    // The same person on a second computer: not verified until the key is entered.
    let second_profile = new_profile();
    let second = Session::sign_in(
        second_profile.profile.clone(),
        &homeserver().url,
        &user.localpart,
        &user.password,
    )
    .await
    .unwrap();
    state_where(&second, "recovery waiting for the key", |s| {
        s.recovery == RecoveryStatus::Incomplete && !s.device_verified
    })
    .await;
    let wrong = security::recover(
        &second,
        "EsTc aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk",
    )
    .await;
    assert_eq!(wrong.unwrap_err().code(), ErrorCode::WrongRecoveryKey);
    security::recover(&second, &format!("  {key}\n"))
        .await
        .unwrap();
    let after = state_where(&second, "the device verified by the key", |s| {
        s.device_verified && s.recovery == RecoveryStatus::Enabled
    })
    .await;
    assert!(after.cross_signing);

    // Reading the room decrypts the old message with the key from the backup;
    // the search index picks it up though it arrived undecryptable.
    let _read = OpenRoom::open(&second, &room_id, |_| {}).await.unwrap();
    let hits = eventually(
        60,
        "the old message in the new computer's index",
        async || {
            let hits = second.search().search("共有フォルダ", None, 10).ok()?;
            (!hits.is_empty()).then_some(hits)
        },
    )
    .await;
    assert_eq!(hits[0].body, "引継ぎ資料は共有フォルダにあります");
}

#[tokio::test(flavor = "multi_thread")]
async fn emoji_verification_between_two_users() {
    let (_a, _pa, alice) = signed_in("sas-alice").await;
    let (bob_user, _pb, bob) = signed_in("sas-bob").await;
    let (carol_user, _pc, carol) = signed_in("sas-carol").await;
    for s in [&alice, &bob, &carol] {
        state_where(s, "cross-signing", |st| st.cross_signing).await;
    }
    let (alice_v, alice_seen) = watch(&alice);
    let (bob_v, bob_seen) = watch(&bob);
    let (carol_v, carol_seen) = watch(&carol);

    // They share a room, so each tracks the other's devices.
    let dm = rooms::direct_chat(&alice, &bob_user.user_id).await.unwrap();
    joined(&bob, &dm).await;
    members_joined(&alice, &dm, 2).await;
    knows_devices(&bob, alice.user_id().as_str()).await;
    knows_devices(&alice, &bob_user.user_id).await;
    assert!(!alice_v.is_verified(&bob_user.user_id).await.unwrap());

    let flow = alice_v.request(&bob_user.user_id).await.unwrap();
    let bob_flow = incoming(&bob_seen, alice.user_id().as_str()).await;
    assert_eq!(bob_flow, flow);
    bob_v.accept(&flow).await.unwrap();
    let on_alice = emojis(&alice_seen, &flow).await;
    let on_bob = emojis(&bob_seen, &flow).await;
    assert_eq!(on_alice.len(), 7);
    assert_eq!(on_alice, on_bob, "both screens show the same emoji");
    alice_v.confirm(&flow).await.unwrap();
    bob_v.confirm(&flow).await.unwrap();
    assert!(matches!(
        ended(&alice_seen, &flow).await,
        VerificationUpdate::Done { .. }
    ));
    assert!(matches!(
        ended(&bob_seen, &flow).await,
        VerificationUpdate::Done { .. }
    ));
    eventually(30, "Alice to trust Bob", async || {
        alice_v
            .is_verified(&bob_user.user_id)
            .await
            .unwrap()
            .then_some(())
    })
    .await;
    eventually(30, "Bob to trust Alice", async || {
        bob_v
            .is_verified(alice.user_id().as_str())
            .await
            .unwrap()
            .then_some(())
    })
    .await;

    // Carol sees different emoji on her screen (an impostor): she says so and
    // both sides stop, with Carol still unverified.
    let dm = rooms::direct_chat(&alice, &carol_user.user_id)
        .await
        .unwrap();
    joined(&carol, &dm).await;
    members_joined(&alice, &dm, 2).await;
    knows_devices(&carol, alice.user_id().as_str()).await;
    knows_devices(&alice, &carol_user.user_id).await;
    let flow = alice_v.request(&carol_user.user_id).await.unwrap();
    incoming(&carol_seen, alice.user_id().as_str()).await;
    carol_v.accept(&flow).await.unwrap();
    emojis(&carol_seen, &flow).await;
    carol_v.mismatch(&flow).await.unwrap();
    assert!(matches!(
        ended(&alice_seen, &flow).await,
        VerificationUpdate::Cancelled { .. }
    ));
    assert!(matches!(
        ended(&carol_seen, &flow).await,
        VerificationUpdate::Cancelled { .. }
    ));
    assert!(!alice_v.is_verified(&carol_user.user_id).await.unwrap());

    let unknown = alice_v.confirm("no-such-flow").await;
    assert_eq!(unknown.unwrap_err().code(), ErrorCode::NotFound);
}
