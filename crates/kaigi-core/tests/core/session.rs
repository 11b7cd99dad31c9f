use kaigi_core::session::{Session, SessionError};
use kaigi_core::{ErrorCode, HasErrorCode};

use crate::{homeserver, new_profile, signed_in};

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_keeps_secrets_in_the_keychain_only_and_restores() {
    let (user, profile, session) = signed_in("restore").await;
    assert_eq!(session.info().user_id, user.user_id);
    let device = session.info().device_id;
    let keychain = profile.profile.keychain().clone();
    let token = keychain
        .get("access-token")
        .await
        .unwrap()
        .expect("token in keychain");
    assert!(keychain.get("store-passphrase").await.unwrap().is_some());
    // No file in the profile holds the access token.
    for entry in walk(profile.dir.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
            "access token found in {}",
            entry.display()
        );
    }
    drop(session);

    // A restart restores the same device without a password.
    let restored = Session::restore(profile.profile.clone())
        .await
        .unwrap()
        .expect("restored");
    assert_eq!(restored.info().user_id, user.user_id);
    assert_eq!(restored.info().device_id, device);
    // And it can talk to the homeserver with the restored token.
    let whoami = restored.client().whoami().await.unwrap();
    assert_eq!(whoami.user_id.as_str(), user.user_id);

    restored.sign_out().await.unwrap();
    assert_eq!(keychain.get("access-token").await.unwrap(), None);
    assert_eq!(keychain.get("store-passphrase").await.unwrap(), None);
    assert!(
        Session::restore(profile.profile.clone())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_password_is_reported_as_invalid_credentials() {
    let hs = homeserver();
    let user = hs.register_random("wrongpw").await.unwrap();
    let profile = new_profile();
    let err = Session::sign_in(
        profile.profile.clone(),
        &hs.url,
        &user.localpart,
        "not-the-password",
    )
    .await
    .err()
    .expect("sign-in must fail");
    assert!(matches!(err, SessionError::InvalidCredentials), "{err}");
    assert_eq!(err.code(), ErrorCode::InvalidCredentials);
    assert!(
        Session::restore(profile.profile.clone())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unreachable_homeserver_is_reported_as_such() {
    // A loopback port with nothing listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let profile = new_profile();
    let err = Session::sign_in(
        profile.profile.clone(),
        &format!("http://127.0.0.1:{port}"),
        "a",
        "b",
    )
    .await
    .err()
    .expect("sign-in must fail");
    assert_eq!(err.code(), ErrorCode::ServerUnreachable, "{err}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path))
        } else {
            out.push(path)
        }
    }
    out
}
