//! The demo: two departments (spaces), three people, an encrypted group chat
//! with Japanese messages, and today's meeting with its agenda and a PDF
//! material, organised by 田中 with 佐藤 (the demo user) and 鈴木 invited.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use kaigi_core::chat::{ListDiff, OpenRoom, TimelineEntry};
use kaigi_core::meeting::{self, MeetingForm, NewMaterial};
use kaigi_core::profile::Profile;
use kaigi_core::session::Session;
use kaigi_testkit::{TestHomeserver, TestUser};
use matrix_sdk::Room;
use matrix_sdk::ruma::api::client::room::create_room::v3::{
    CreationContent, Request as CreateRoom,
};
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use matrix_sdk::ruma::room::RoomType;
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{OwnedUserId, RoomId};

const PASSWORD: &str = "kaigi-demo";

pub async fn run(
    hs: &TestHomeserver,
    profile_dir: &Path,
    pdf: &Path,
    pages: u32,
) -> Result<TestUser> {
    let sato = hs.register("sato", PASSWORD, Some("佐藤 花子")).await?;
    let tanaka = hs.register("tanaka", PASSWORD, Some("田中 一郎")).await?;
    let suzuki = hs.register("suzuki", PASSWORD, Some("鈴木 次郎")).await?;

    // The demo user signs in to the app's own profile first, so its device
    // exists and receives the keys for the encrypted messages below.
    let demo = Session::sign_in(
        Arc::new(Profile::open(profile_dir)?),
        &hs.url,
        "sato",
        PASSWORD,
    )
    .await?;
    let scratch = tempfile_dir()?;
    let tanaka_s = sign_in(hs, &tanaka, &scratch.join("tanaka")).await?;
    let suzuki_s = sign_in(hs, &suzuki, &scratch.join("suzuki")).await?;
    let members: Vec<OwnedUserId> = [&sato, &suzuki]
        .iter()
        .map(|u| u.user_id.as_str().try_into())
        .collect::<Result<_, _>>()?;

    let digital = create(
        &tanaka_s,
        "デジタル推進部",
        Some(RoomType::Space),
        &members,
        false,
    )
    .await?;
    let general = create(&tanaka_s, "総務部", Some(RoomType::Space), &members, false).await?;
    let chat = create(&tanaka_s, "デジタル推進課 連絡", None, &members, true).await?;
    // Today's meeting, an hour from now.
    let starts_at = kaigi_core::now_ms() + 3_600_000;
    let meeting_id = meeting::create_meeting(
        &tanaka_s,
        MeetingForm {
            title: "第1回 デジタル推進会議".into(),
            starts_at,
            ends_at: starts_at + 3_600_000,
            place: Some("本庁舎 5階 大会議室".into()),
            online_url: None,
            agenda: vec![
                "テレワーク実施状況について".into(),
                "ペーパーレス会議の運用について".into(),
            ],
            invite: members.iter().map(ToString::to_string).collect(),
        },
    )
    .await?;
    let meeting_room = tanaka_s
        .client()
        .get_room(&RoomId::parse(&meeting_id)?)
        .context("the meeting room")?;
    add_child(&digital, &chat).await?;
    add_child(&digital, &meeting_room).await?;

    for room in [&digital, &general, &chat, &meeting_room] {
        for session in [&demo, &suzuki_s] {
            session.client().join_room_by_id(room.room_id()).await?;
        }
    }
    wait_joined(&tanaka_s, chat.room_id(), 3).await?;

    let messages = [
        (
            &tanaka_s,
            "おはようございます。本日の会議資料を共有します。",
        ),
        (&suzuki_s, "ありがとうございます。事前に確認しておきます。"),
        (
            &tanaka_s,
            "資料1の3ページ、テレワーク実施状況の数字をご確認ください。",
        ),
        (&suzuki_s, "承知しました。午後は在宅勤務です。"),
    ];
    for (session, text) in messages {
        let room = session
            .client()
            .get_room(chat.room_id())
            .context("chat room")?;
        room.send(RoomMessageEventContent::text_plain(text)).await?;
    }

    // The material goes out once everyone has joined, so each device gets its key.
    wait_joined(&tanaka_s, meeting_room.room_id(), 3).await?;
    let item = meeting::list::current_details(&tanaka_s, &meeting_room)
        .await?
        .context("the meeting's details")?
        .agenda[0]
        .id
        .clone();
    let bytes = std::fs::read(pdf).with_context(|| format!("reading {}", pdf.display()))?;
    meeting::attach_material(
        &tanaka_s,
        &meeting_id,
        NewMaterial {
            item,
            name: "資料1 テレワーク実施状況.pdf".into(),
            bytes,
            pages,
            replaces: None,
        },
    )
    .await?;

    // The app takes over the demo device only once it has decrypted the chat.
    wait_decrypted(&demo, chat.room_id(), messages.len()).await?;
    drop(demo);
    tokio::time::sleep(Duration::from_millis(500)).await;
    Ok(sato)
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("kaigi-demo-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

async fn sign_in(hs: &TestHomeserver, user: &TestUser, dir: &Path) -> Result<Session> {
    Ok(Session::sign_in(
        Arc::new(Profile::open(dir)?),
        &hs.url,
        &user.localpart,
        &user.password,
    )
    .await?)
}

async fn create(
    owner: &Session,
    name: &str,
    room_type: Option<RoomType>,
    invite: &[OwnedUserId],
    encrypted: bool,
) -> Result<Room> {
    let mut request = CreateRoom::new();
    request.name = Some(name.to_owned());
    request.invite = invite.to_vec();
    if let Some(room_type) = room_type {
        let mut content = CreationContent::new();
        content.room_type = Some(room_type);
        request.creation_content = Some(Raw::new(&content)?);
    }
    if encrypted {
        request.initial_state = vec![
            InitialStateEvent::with_empty_state_key(
                RoomEncryptionEventContent::with_recommended_defaults(),
            )
            .to_raw_any(),
        ];
    }
    Ok(owner.client().create_room(request).await?)
}

async fn add_child(space: &Room, child: &Room) -> Result<()> {
    let via = serde_json::json!({ "via": ["localhost"] });
    space
        .send_state_event_raw("m.space.child", child.room_id().as_str(), via.clone())
        .await?;
    child
        .send_state_event_raw("m.space.parent", space.room_id().as_str(), via)
        .await?;
    Ok(())
}

/// Waits until the demo device shows `count` decrypted messages in the room.
async fn wait_decrypted(session: &Session, room_id: &RoomId, count: usize) -> Result<()> {
    let decrypted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = decrypted.clone();
    let entries = std::sync::Mutex::new(Vec::new());
    let _room = OpenRoom::open(
        session,
        room_id.as_str(),
        move |diffs: Vec<ListDiff<TimelineEntry>>| {
            let Ok(mut list) = entries.lock() else { return };
            diffs.into_iter().for_each(|d| d.apply_to(&mut list));
            let n = list
                .iter()
                .filter(|e| matches!(e, TimelineEntry::Message(_)))
                .count();
            seen.store(n, std::sync::atomic::Ordering::SeqCst);
        },
    )
    .await?;
    for _ in 0..300 {
        if decrypted.load(std::sync::atomic::Ordering::SeqCst) >= count {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the demo device could not decrypt the seeded messages in time")
}

async fn wait_joined(session: &Session, room_id: &RoomId, count: usize) -> Result<()> {
    let room = session.client().get_room(room_id).context("room")?;
    for _ in 0..100 {
        if room.members(matrix_sdk::RoomMemberships::JOIN).await?.len() >= count {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    anyhow::bail!("members did not join in time")
}
