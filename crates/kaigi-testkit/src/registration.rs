use anyhow::{Context, Result, bail};
use hmac::{Hmac, Mac};
use rand::Rng;
use serde::Deserialize;
use sha1::Sha1;

/// A Synapse started by `scripts/synapse.sh`.
#[derive(Debug, Clone)]
pub struct TestHomeserver {
    pub url: String,
    shared_secret: String,
    http: reqwest::Client,
}

/// A registered user.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub localpart: String,
    pub user_id: String,
    pub password: String,
    /// The token of the device registration made, for raw client-server calls.
    pub access_token: String,
}

impl TestHomeserver {
    /// Reads `KAIGI_TEST_HOMESERVER` and `KAIGI_TEST_SHARED_SECRET`, which the
    /// test command exports after starting Synapse.
    pub fn from_env() -> Result<Self> {
        let url = std::env::var("KAIGI_TEST_HOMESERVER")
            .context("KAIGI_TEST_HOMESERVER is not set: run the tests through scripts/test.sh")?;
        let secret = std::env::var("KAIGI_TEST_SHARED_SECRET").context(
            "KAIGI_TEST_SHARED_SECRET is not set: run the tests through scripts/test.sh",
        )?;
        Ok(Self::new(url, secret))
    }

    pub fn new(url: impl Into<String>, shared_secret: impl Into<String>) -> Self {
        Self {
            url: url.into().trim_end_matches('/').to_owned(),
            shared_secret: shared_secret.into(),
            http: reqwest::Client::new(),
        }
    }

    /// Registers `<prefix>-<random>` with a random password.
    pub async fn register_random(&self, prefix: &str) -> Result<TestUser> {
        let suffix: u32 = rand::thread_rng().r#gen();
        let localpart = format!("{prefix}-{suffix:08x}");
        let password = format!("pw-{:016x}", rand::thread_rng().r#gen::<u64>());
        self.register(&localpart, &password, None).await
    }

    /// Registers a user through Synapse's shared-secret admin API.
    pub async fn register(
        &self,
        localpart: &str,
        password: &str,
        display_name: Option<&str>,
    ) -> Result<TestUser> {
        #[derive(Deserialize)]
        struct Nonce {
            nonce: String,
        }
        #[derive(Deserialize)]
        struct Registered {
            user_id: String,
            access_token: String,
        }
        let endpoint = format!("{}/_synapse/admin/v1/register", self.url);
        let Nonce { nonce } = self
            .http
            .get(&endpoint)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let mut mac = Hmac::<Sha1>::new_from_slice(self.shared_secret.as_bytes())?;
        for (i, part) in [nonce.as_str(), localpart, password, "notadmin"]
            .iter()
            .enumerate()
        {
            if i > 0 {
                mac.update(b"\0");
            }
            mac.update(part.as_bytes());
        }
        let mut body = serde_json::json!({
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": false,
            "mac": hex::encode(mac.finalize().into_bytes()),
        });
        if let Some(name) = display_name {
            body["displayname"] = name.into();
        }
        let response = self.http.post(&endpoint).json(&body).send().await?;
        if !response.status().is_success() {
            bail!("registering {localpart} failed: {}", response.text().await?);
        }
        let Registered {
            user_id,
            access_token,
        } = response.json().await?;
        Ok(TestUser {
            localpart: localpart.to_owned(),
            user_id,
            password: password.to_owned(),
            access_token,
        })
    }

    /// Joins `user` to `room_id` with a raw client-server call: for seeding
    /// many members without a client each.
    pub async fn join(&self, user: &TestUser, room_id: &str) -> Result<()> {
        let url = format!(
            "{}/_matrix/client/v3/join/{}",
            self.url,
            path_segment(room_id)
        );
        self.call(user, self.http.post(url).json(&serde_json::json!({})))
            .await
    }

    /// Invites `user_id` to `room_id` as `by`, with a raw client-server call.
    pub async fn invite(&self, by: &TestUser, room_id: &str, user_id: &str) -> Result<()> {
        let url = format!(
            "{}/_matrix/client/v3/rooms/{}/invite",
            self.url,
            path_segment(room_id)
        );
        let body = serde_json::json!({ "user_id": user_id });
        self.call(by, self.http.post(url).json(&body)).await
    }

    /// Sets a state event as `user` with a raw client-server call.
    pub async fn put_state(
        &self,
        user: &TestUser,
        room_id: &str,
        event_type: &str,
        state_key: &str,
        content: &serde_json::Value,
    ) -> Result<()> {
        let url = format!(
            "{}/_matrix/client/v3/rooms/{}/state/{}/{}",
            self.url,
            path_segment(room_id),
            path_segment(event_type),
            path_segment(state_key)
        );
        self.call(user, self.http.put(url).json(content)).await
    }

    async fn call(&self, user: &TestUser, request: reqwest::RequestBuilder) -> Result<()> {
        let response = request.bearer_auth(&user.access_token).send().await?;
        if !response.status().is_success() {
            bail!("{} failed: {}", user.user_id, response.text().await?);
        }
        Ok(())
    }
}

/// `s` escaped for one segment of a URL path (ids hold `!`, `@`, `:` and `#`).
fn path_segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
