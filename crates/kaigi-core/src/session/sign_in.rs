//! Signing in, restoring a session at start-up, and signing out.

use std::sync::Arc;

use matrix_sdk::store::RoomLoadSettings;
use matrix_sdk::{Client, SessionTokens};
use matrix_sdk_ui::sync_service::SyncService;
use rand::RngCore;

use super::saved::{ACCESS_TOKEN, REFRESH_TOKEN, SEARCH_KEY, STORE_PASSPHRASE, SavedSession};
use super::{Session, SessionError, send_retry};
use crate::ErrorCode;
use crate::homeserver_error::classify;
use crate::profile::Profile;

/// The device name other clients show for a Kaigi sign-in.
const DEVICE_NAME: &str = "Kaigi";
/// How long signing in waits for this device's encryption keys to be uploaded.
const E2EE_SETUP_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

impl Session {
    /// Signs in with a user name and password, keeps the secrets in the keychain
    /// and starts syncing. `homeserver` is a URL or a server name.
    pub async fn sign_in(
        profile: Arc<Profile>,
        homeserver: &str,
        username: &str,
        password: &str,
    ) -> Result<Self, SessionError> {
        let homeserver = homeserver.trim();
        if homeserver.is_empty() {
            return Err(SessionError::InvalidHomeserver("empty".into()));
        }
        // A new sign-in starts from an empty store with a fresh passphrase.
        wipe_local_session(&profile).await?;
        let passphrase = new_passphrase();
        let client = build_client(&profile, homeserver, &passphrase).await?;
        let response = client
            .matrix_auth()
            .login_username(username.trim(), password)
            .initial_device_display_name(DEVICE_NAME)
            .send()
            .await
            .map_err(|e| match classify(&e) {
                ErrorCode::Forbidden | ErrorCode::InvalidInput => SessionError::InvalidCredentials,
                _ => SessionError::Homeserver(e),
            })?;

        let keychain = profile.keychain();
        keychain.set(STORE_PASSPHRASE, &passphrase).await?;
        keychain.set(ACCESS_TOKEN, &response.access_token).await?;
        if let Some(refresh) = &response.refresh_token {
            keychain.set(REFRESH_TOKEN, refresh).await?;
        }
        SavedSession {
            homeserver: client.homeserver().to_string(),
            user_id: response.user_id.clone(),
            device_id: response.device_id.clone(),
        }
        .write(&profile)?;
        tracing::info!(user = %response.user_id, "signed in");
        let session = Self::start(profile, client).await?;
        // The new device's keys are uploaded by the SDK's start-up task. Until
        // they are, nobody can encrypt for this device, so a message sent to
        // the user in that moment would stay unreadable here: wait for it.
        let encryption = session.client.encryption();
        let keys_ready = encryption.wait_for_e2ee_initialization_tasks();
        if tokio::time::timeout(E2EE_SETUP_WAIT, keys_ready)
            .await
            .is_err()
        {
            tracing::warn!("encryption set-up is still running; going on");
        }
        Ok(session)
    }

    /// Restores the session saved by an earlier sign-in, without asking for the
    /// password and without needing the network. `Ok(None)` when nobody is
    /// signed in on this profile.
    pub async fn restore(profile: Arc<Profile>) -> Result<Option<Self>, SessionError> {
        let Some(saved) = SavedSession::read(&profile)? else {
            return Ok(None);
        };
        let keychain = profile.keychain();
        let (Some(passphrase), Some(access_token)) = (
            keychain.get(STORE_PASSPHRASE).await?,
            keychain.get(ACCESS_TOKEN).await?,
        ) else {
            tracing::warn!("session file without keychain secrets; signing in is needed");
            return Ok(None);
        };
        let refresh_token = keychain.get(REFRESH_TOKEN).await?;
        let client = build_client(&profile, &saved.homeserver, &passphrase).await?;
        let session = saved.into_matrix_session(SessionTokens {
            access_token,
            refresh_token,
        });
        client
            .matrix_auth()
            .restore_session(session, RoomLoadSettings::default())
            .await?;
        tracing::info!(user = ?client.user_id(), "session restored");
        Ok(Some(Self::start(profile, client).await?))
    }

    /// Signs out: tells the homeserver when it can be reached, then removes the
    /// secrets from the keychain and the local stores from disk. The session is
    /// unusable afterwards.
    pub async fn sign_out(&self) -> Result<(), SessionError> {
        self.sync.stop().await;
        if let Err(e) = self.client.logout().await {
            tracing::warn!(error = %e, "the homeserver did not confirm the sign-out");
        }
        wipe_local_session(&self.profile).await
    }

    async fn start(profile: Arc<Profile>, client: Client) -> Result<Self, SessionError> {
        let search = Arc::new(open_search_index(&profile).await?);
        let indexing = crate::search::feed::attach(&client, search.clone());
        let device_tracking = super::devices::attach(&client);
        // Offline mode: when the homeserver cannot be reached, sync waits for it
        // to answer again instead of giving up.
        let sync = Arc::new(
            SyncService::builder(client.clone())
                .with_offline_mode()
                .build()
                .await?,
        );
        let meetings = Arc::new(
            crate::meeting::LocalMeetings::open(profile.clone())
                .await
                .map_err(Box::new)?,
        );
        let meeting_keeper = crate::meeting::keeper::start(&client, meetings.clone(), &sync);
        let send_retry = send_retry::spawn(client.clone(), &sync);
        sync.start().await;
        // File uploads report their progress on their local echo.
        client.send_queue().enable_upload_progress(true);
        // Messages queued before the app last stopped (or was killed) go out now.
        client
            .send_queue()
            .respawn_tasks_for_rooms_with_unsent_requests()
            .await;
        Ok(Self {
            profile,
            search,
            _send_retry: send_retry,
            _device_tracking: device_tracking,
            _indexing: indexing,
            meetings,
            _meeting_keeper: meeting_keeper,
            client,
            interests: super::interest::Interests::new(sync.clone()),
            sync,
        })
    }
}

async fn build_client(
    profile: &Profile,
    homeserver: &str,
    passphrase: &str,
) -> Result<Client, SessionError> {
    // Threads are first-class: the live timeline keeps thread replies in their
    // threads and shows each root's summary.
    let builder = Client::builder()
        .sqlite_store(profile.matrix_store_dir(), Some(passphrase))
        .with_encryption_settings(crate::security::encryption_settings())
        .with_threading_support(matrix_sdk::ThreadingSupport::Enabled {
            with_subscriptions: false,
        });
    let builder = if homeserver.starts_with("http://") || homeserver.starts_with("https://") {
        url::Url::parse(homeserver).map_err(|e| SessionError::InvalidHomeserver(e.to_string()))?;
        builder.homeserver_url(homeserver)
    } else {
        builder.server_name_or_homeserver_url(homeserver)
    };
    Ok(builder.handle_refresh_tokens().build().await?)
}

/// Removes every trace of a session from this device: keychain secrets, the
/// session file and the encrypted Matrix stores.
async fn wipe_local_session(profile: &Profile) -> Result<(), SessionError> {
    let keychain = profile.keychain();
    for name in [ACCESS_TOKEN, REFRESH_TOKEN, STORE_PASSPHRASE, SEARCH_KEY] {
        keychain.delete(name).await?;
    }
    for path in search_files(profile) {
        match tokio::fs::remove_file(&path).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    crate::meeting::LocalMeetings::forget_all(profile)
        .await
        .map_err(Box::new)?;
    match tokio::fs::remove_dir_all(profile.matrix_store_dir()).await {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// The search index, encrypted with a key from the keychain (made on first use).
async fn open_search_index(profile: &Profile) -> Result<crate::search::SearchIndex, SessionError> {
    let keychain = profile.keychain();
    let key = match keychain.get(SEARCH_KEY).await? {
        Some(key) => key,
        None => {
            // A new key cannot read an old index: start it afresh.
            for path in search_files(profile).into_iter().skip(1) {
                let _ = std::fs::remove_file(path);
            }
            let key = new_passphrase();
            keychain.set(SEARCH_KEY, &key).await?;
            key
        }
    };
    crate::search::SearchIndex::open(&profile.search_index_path(), &key)
        .map_err(|e| SessionError::Search(e.to_string()))
}

/// The session file, then the search index and its WAL files.
fn search_files(profile: &Profile) -> Vec<std::path::PathBuf> {
    let index = profile.search_index_path();
    let with = |suffix: &str| {
        let mut name = index.clone().into_os_string();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    vec![
        profile.session_file(),
        with("-wal"),
        with("-shm"),
        index.clone(),
    ]
}

fn new_passphrase() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}
