//! Keeps this device's copy of every meeting current, in the background:
//!
//! - events of meeting rooms are applied as the sync brings them (the
//!   presenter's position reaches the screen at once);
//! - a room with news is then read back through its history to the last
//!   event read before, so nothing is missed across a gap or a night offline
//!   (a revoke included);
//! - materials not yet on this device are downloaded, checked against their
//!   hash, cached encrypted, and receipted to the organiser.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use matrix_sdk::event_handler::EventHandlerDropGuard;
use matrix_sdk::media::{MediaFormat, MediaRequestParameters};
use matrix_sdk::room::MessagesOptions;
use matrix_sdk::ruma::events::AnySyncTimelineEvent;
use matrix_sdk::ruma::events::room::{EncryptedFile, MediaSource};
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{OwnedRoomId, UserId};
use matrix_sdk::{Client, Room};
use matrix_sdk_ui::sync_service::{State, SyncService};
use serde_json::Value;
use tokio::sync::mpsc;

use super::MeetingError;
use super::list::is_meeting_room;
use super::local::{Incoming, Kind, LocalMeetings};
use super::material::RECEIVED_TYPE;
use super::reshare::{REQUEST_TYPE, RESHARE_TYPE, may_organise, reshared};
use crate::TaskHandle;

/// How long news of a room is gathered before its history is read.
const SETTLE: Duration = Duration::from_millis(300);
/// Events per history request.
const PAGE: u32 = 100;
/// How long before a room with undecryptable events is read again.
const RECHECK: Duration = Duration::from_secs(20);
/// How often, at most, one run asks an organiser for the materials again.
const MAX_ASKS: u32 = 3;

/// Keeping meetings current for as long as it is held.
pub(crate) struct Keeper {
    _handler: EventHandlerDropGuard,
    _work: TaskHandle,
    _reconnects: TaskHandle,
}

pub(crate) fn start(client: &Client, local: Arc<LocalMeetings>, sync: &SyncService) -> Keeper {
    let (dirty, mut news) = mpsc::unbounded_channel::<OwnedRoomId>();

    let handler = {
        let local = local.clone();
        let dirty = dirty.clone();
        client.add_event_handler(move |event: Raw<AnySyncTimelineEvent>, room: Room| {
            let local = local.clone();
            let dirty = dirty.clone();
            async move {
                if !is_meeting_room(&room) {
                    return;
                }
                if let Ok(json) = event.deserialize_as::<Value>()
                    && let Err(e) = apply_event(&local, &room, &json).await
                {
                    tracing::warn!(error = %e, "could not keep a meeting event");
                }
                let _ = dirty.send(room.room_id().to_owned());
            }
        })
    };

    // Every meeting at start, and again each time the sync reconnects.
    let reconnects = {
        let client = client.clone();
        let dirty = dirty.clone();
        let mut states = sync.state();
        TaskHandle::spawn(async move {
            let mark_all = || {
                for room in client.joined_rooms().into_iter().filter(is_meeting_room) {
                    let _ = dirty.send(room.room_id().to_owned());
                }
            };
            mark_all();
            let mut was_running = matches!(states.get(), State::Running);
            while let Some(state) = states.next().await {
                let running = matches!(state, State::Running);
                if running && !was_running {
                    mark_all();
                }
                was_running = running;
            }
        })
    };

    let work = {
        let client = client.clone();
        TaskHandle::spawn(async move {
            // Rooms with events this device could not decrypt, and how often
            // the materials were asked for again in this run.
            let mut undecrypted = BTreeSet::new();
            let mut asked: HashMap<OwnedRoomId, (u32, Instant)> = HashMap::new();
            loop {
                let first = if undecrypted.is_empty() {
                    news.recv().await
                } else {
                    tokio::time::timeout(RECHECK, news.recv())
                        .await
                        .unwrap_or_else(|_| undecrypted.pop_first())
                };
                let Some(first) = first else { break };
                tokio::time::sleep(SETTLE).await;
                let mut rooms = BTreeSet::from([first]);
                while let Ok(more) = news.try_recv() {
                    rooms.insert(more);
                }
                for room_id in rooms {
                    let Some(room) = client.get_room(&room_id) else {
                        continue;
                    };
                    // While it still asks, the room's reading stops below what
                    // it cannot decrypt, to read it again; then it moves on.
                    let (times, last) = asked.entry(room_id.clone()).or_insert((
                        0,
                        Instant::now()
                            .checked_sub(RECHECK)
                            .unwrap_or_else(Instant::now),
                    ));
                    let asking = *times < MAX_ASKS;
                    match keep_current(&client, &local, &room, asking).await {
                        Ok(0) => {
                            undecrypted.remove(&room_id);
                        }
                        Ok(_) if !asking => {
                            undecrypted.remove(&room_id);
                        }
                        Ok(_) => {
                            undecrypted.insert(room_id.clone());
                            if last.elapsed() >= RECHECK {
                                *times += 1;
                                *last = Instant::now();
                                if let Err(e) = super::reshare::request(&room).await {
                                    tracing::warn!(error = %e, "could not ask for the materials");
                                }
                            }
                        }
                        Err(e) => {
                            tracing::warn!(room = %room_id, error = %e, "meeting not brought up to date");
                        }
                    }
                }
            }
        })
    };

    Keeper {
        _handler: client.event_handler_drop_guard(handler),
        _work: work,
        _reconnects: reconnects,
    }
}

/// Applies an event of the room (from the sync, or read from its history);
/// a material or a re-share is taken only from an organiser.
async fn apply_event(local: &LocalMeetings, room: &Room, json: &Value) -> Result<(), MeetingError> {
    let room_id = room.room_id().as_str();
    if json["type"] == "m.room.power_levels" {
        local.notify_roles(room_id);
    } else if json["type"] == RESHARE_TYPE {
        for incoming in reshared_by_organiser(room, json).await {
            local.apply(room_id, &incoming)?;
        }
    } else if let Some(incoming) = Incoming::from_json(json) {
        // Only an organiser's files are the meeting's materials.
        if incoming.kind == Kind::Material {
            let sender = UserId::parse(&incoming.sender).ok();
            match sender {
                Some(sender) if may_organise(room, &sender).await => {}
                _ => return Ok(()),
            }
        }
        local.apply(room_id, &incoming)?;
    }
    Ok(())
}

/// The materials of a re-share event, if an organiser sent it.
async fn reshared_by_organiser(room: &Room, json: &Value) -> Vec<Incoming> {
    let sender = json["sender"].as_str().and_then(|s| UserId::parse(s).ok());
    match sender {
        Some(sender) if may_organise(room, &sender).await => reshared(&json["content"]),
        _ => Vec::new(),
    }
}

/// Reads what is new in the room and downloads what is missing. Returns how
/// many events could not be decrypted.
async fn keep_current(
    client: &Client,
    local: &LocalMeetings,
    room: &Room,
    hold: bool,
) -> Result<usize, MeetingError> {
    if room.state() != matrix_sdk::RoomState::Joined {
        return Ok(0);
    }
    let undecrypted = catch_up(local, room, hold).await?;
    prefetch(client, local, room).await?;
    Ok(undecrypted)
}

/// Reads the room's history back to the newest event read before (or to the
/// start) and applies it, oldest first. With `hold`, an event that cannot
/// be decrypted yet is read again next time: the mark stops below it.
/// Returns how many events could not be decrypted.
pub(crate) async fn catch_up(
    local: &LocalMeetings,
    room: &Room,
    hold: bool,
) -> Result<usize, MeetingError> {
    let room_id = room.room_id().as_str();
    let store = local.store();
    let marker = store.meeting_scan_marker(room_id)?;
    let mut from = None;
    // Newest first.
    let mut read: Vec<(String, Option<Value>, bool)> = Vec::new();
    'pages: loop {
        let mut options = MessagesOptions::backward();
        options.limit = PAGE.into();
        options.from = from.take();
        let page = room.messages(options).await?;
        for event in &page.chunk {
            let Some(id) = event.event_id() else { continue };
            if marker.as_deref() == Some(id.as_str()) {
                break 'pages;
            }
            let json: Option<Value> = event.raw().deserialize_as().ok();
            let undecrypted = json
                .as_ref()
                .is_some_and(|j| j["type"] == "m.room.encrypted");
            read.push((id.to_string(), json, undecrypted));
        }
        match page.end {
            Some(end) if !page.chunk.is_empty() => from = Some(end),
            _ => break,
        }
    }
    let me = room.own_user_id();
    let mut asking = BTreeSet::new();
    for (_, json, _) in read.iter().rev() {
        let Some(json) = json else { continue };
        if json["type"] == REQUEST_TYPE {
            asking.extend(
                json["sender"]
                    .as_str()
                    .and_then(|s| UserId::parse(s).ok())
                    .filter(|u| u != me),
            );
        } else {
            apply_event(local, room, json).await?;
        }
    }
    // Someone could not read the materials: an organiser sends them again.
    if !asking.is_empty() && may_organise(room, me).await {
        super::reshare::reshare(local, room, &asking).await?;
    }
    // The new mark: the newest event, or just below the oldest one not yet
    // decrypted.
    let oldest_undecrypted = read.iter().rposition(|(_, _, u)| *u).filter(|_| hold);
    let mark = match oldest_undecrypted {
        None => read.first(),
        Some(i) => read.get(i + 1),
    };
    if let Some((id, _, _)) = mark {
        store.set_meeting_scan_marker(room_id, id)?;
    }
    Ok(read.iter().filter(|(_, _, u)| *u).count())
}

/// Downloads the materials not on this device yet, then receipts what is.
async fn prefetch(client: &Client, local: &LocalMeetings, room: &Room) -> Result<(), MeetingError> {
    let room_id = room.room_id().as_str();
    if local.revoked(room_id)? {
        return Ok(());
    }
    let materials = local.materials(room_id)?;
    let total = materials.len() as u32;
    let mut cached = materials.iter().filter(|m| m.cached).count() as u32;
    let mut failure = None;
    if cached < total {
        local.notify_prefetch(room_id, cached, total);
    }
    for material in materials.iter().filter(|m| !m.cached) {
        match download(client, local, room_id, &material.event_id).await {
            Ok(bytes) => {
                if local.revoked(room_id)? {
                    return Ok(());
                }
                local.cache_bytes(&material.sha256, &bytes)?;
                cached += 1;
                local.notify_prefetch(room_id, cached, total);
            }
            Err(e) => {
                tracing::warn!(room = room_id, error = %e, "a material could not be downloaded");
                failure = Some(e);
            }
        }
    }
    receipt(client, local, room).await?;
    failure.map_or(Ok(()), Err)
}

async fn download(
    client: &Client,
    local: &LocalMeetings,
    room_id: &str,
    event_id: &str,
) -> Result<Vec<u8>, MeetingError> {
    let content = local.material_content(room_id, event_id)?;
    let file: EncryptedFile = serde_json::from_value(content["file"].clone())?;
    let request = MediaRequestParameters {
        source: MediaSource::Encrypted(Box::new(file)),
        format: MediaFormat::File,
    };
    Ok(client.media().get_media_content(&request, false).await?)
}

/// Tells the organiser which of others' materials are on this device now.
async fn receipt(client: &Client, local: &LocalMeetings, room: &Room) -> Result<(), MeetingError> {
    let room_id = room.room_id().as_str();
    let Some(me) = client.user_id() else {
        return Ok(());
    };
    let done = local.receipted(room_id, me.as_str())?;
    let fresh: Vec<String> = local
        .materials(room_id)?
        .into_iter()
        .filter(|m| m.cached && m.sender != me.as_str() && !done.contains(&m.event_id))
        .map(|m| m.event_id)
        .collect();
    if fresh.is_empty() {
        return Ok(());
    }
    let content = serde_json::json!({ "materials": fresh });
    let sent = room.send_raw(RECEIVED_TYPE, content.clone()).await?;
    local.apply(
        room_id,
        &Incoming {
            event_id: sent.response.event_id.to_string(),
            kind: Kind::Received,
            sender: me.to_string(),
            ts_ms: crate::now_ms(),
            content,
        },
    )
}
