//! Warm start with 1,000 joined rooms: from restoring the saved session to
//! the room list handed to the view, first rows and then all 1,000 rows.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt};
use kaigi_core::chat::{ListDiff, RoomListSubscription, RoomSummary};
use kaigi_core::session::Session;
use kaigi_testkit::TestHomeserver;
use matrix_sdk::Client;
use matrix_sdk::ruma::api::client::room::create_room::v3::{Request as CreateRoom, RoomPreset};
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;

use crate::support::{summary, until};

const ROOMS: usize = 1_000;
const RESTARTS: usize = 5;

pub async fn run(hs: &TestHomeserver) -> anyhow::Result<()> {
    let user = hs.register_random("bench-many").await?;
    // The rooms are made through a second, plain client of the same user.
    let maker = Client::builder().homeserver_url(&hs.url).build().await?;
    maker
        .matrix_auth()
        .login_username(&user.localpart, &user.password)
        .send()
        .await?;
    let started = Instant::now();
    futures_util::stream::iter(0..ROOMS)
        .map(|i| {
            let maker = maker.clone();
            async move {
                let mut request = CreateRoom::new();
                request.name = Some(format!("係 {i:04}"));
                request.preset = Some(RoomPreset::PrivateChat);
                request.initial_state = vec![
                    InitialStateEvent::with_empty_state_key(
                        RoomEncryptionEventContent::with_recommended_defaults(),
                    )
                    .to_raw_any(),
                ];
                maker.create_room(request).await
            }
        })
        .buffer_unordered(8)
        .try_collect::<Vec<_>>()
        .await?;
    println!(
        "many rooms: {ROOMS} rooms created in {:.0} s",
        started.elapsed().as_secs_f64()
    );

    // Kaigi signs in and syncs them all once.
    let dir = tempfile::tempdir()?;
    let profile = Arc::new(kaigi_core::profile::Profile::open(dir.path())?);
    let started = Instant::now();
    {
        let session =
            Session::sign_in(profile.clone(), &hs.url, &user.localpart, &user.password).await?;
        let (rows, _list) = subscribe(&session).await?;
        until(600, "every room in the list", async || {
            (rows.lock().unwrap().len() >= ROOMS).then_some(())
        })
        .await?;
    }
    println!(
        "many rooms: first sign-in listed all {ROOMS} rooms in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let mut first_rows = Vec::new();
    let mut all_rows = Vec::new();
    for _ in 0..RESTARTS {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let start = Instant::now();
        let session = Session::restore(Arc::clone(&profile))
            .await?
            .ok_or_else(|| anyhow::anyhow!("no saved session"))?;
        let (rows, _list) = subscribe(&session).await?;
        until(30, "the first rows", async || {
            (!rows.lock().unwrap().is_empty()).then_some(())
        })
        .await?;
        first_rows.push(start.elapsed().as_secs_f64() * 1000.0);
        until(60, "every row", async || {
            (rows.lock().unwrap().len() >= ROOMS).then_some(())
        })
        .await?;
        all_rows.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "warm start with {ROOMS} rooms, restore to the first rows: {}",
        summary(&first_rows)
    );
    println!(
        "warm start with {ROOMS} rooms, restore to all {ROOMS} rows: {}",
        summary(&all_rows)
    );
    Ok(())
}

type Rows = Arc<Mutex<Vec<RoomSummary>>>;

async fn subscribe(session: &Session) -> anyhow::Result<(Rows, RoomListSubscription)> {
    let rows: Rows = Arc::default();
    let sink = rows.clone();
    let list = RoomListSubscription::start(session, move |diffs: Vec<ListDiff<RoomSummary>>| {
        let mut rows = sink.lock().unwrap();
        for diff in diffs {
            diff.apply_to(&mut rows);
        }
    })
    .await?;
    Ok((rows, list))
}
