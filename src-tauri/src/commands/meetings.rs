//! Meetings: the list, creating one, the meeting screen, materials,
//! presenting, and closing with revoke.

use kaigi_core::meeting::{
    self, CarryReport, FollowMode, MaterialHit, MeetingForm, MeetingSummary, MeetingUpdate,
    MeetingView, MeetingWatch, NewMaterial, SharedAnnotation, Vote,
};
use kaigi_pdf::DocumentInfo;
use kaigi_pdf::annotation::Annotation;
use tauri::State;
use tauri::ipc::Channel;

use super::now_ms;
use crate::error::{IpcError, IpcResult, core, pdf};
use crate::pdf_engine;
use crate::state::AppState;

/// My meetings at the window's UTC offset: today's, upcoming, past.
#[tauri::command]
#[specta::specta]
pub async fn meetings(
    state: State<'_, AppState>,
    offset_min: i32,
) -> IpcResult<Vec<MeetingSummary>> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::meetings(&session, now_ms(), offset_min)
        .await
        .map_err(core)
}

/// Creates a meeting and invites its participants; returns its room id.
#[tauri::command]
#[specta::specta]
pub async fn create_meeting(state: State<'_, AppState>, meeting: MeetingForm) -> IpcResult<String> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::create_meeting(&session, meeting)
        .await
        .map_err(core)
}

/// Opens the meeting screen: its view now, then its changes on `on_update`
/// until `close_meeting_view`.
#[tauri::command]
#[specta::specta]
pub async fn open_meeting(
    state: State<'_, AppState>,
    room_id: String,
    on_update: Channel<MeetingUpdate>,
) -> IpcResult<MeetingView> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    let watch = MeetingWatch::start(&session, &room_id, move |update| {
        if let Err(e) = on_update.send(update) {
            tracing::warn!(error = %e, "the window stopped listening");
        }
    })
    .await
    .map_err(core)?;
    state.live().meeting = Some(watch);
    meeting::meeting_view(&session, &room_id)
        .await
        .map_err(core)
}

/// The open meeting as this device has it now (after an update).
#[tauri::command]
#[specta::specta]
pub async fn meeting_view(state: State<'_, AppState>, room_id: String) -> IpcResult<MeetingView> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::meeting_view(&session, &room_id)
        .await
        .map_err(core)
}

#[tauri::command]
#[specta::specta]
pub fn close_meeting_view(state: State<'_, AppState>) {
    state.live().meeting = None;
}

/// Attaches the PDF at `path` to an agenda item (or as the next version of
/// `replaces`); PDFium checks it first. Returns the material's event id.
#[tauri::command]
#[specta::specta]
pub async fn attach_material(
    state: State<'_, AppState>,
    room_id: String,
    item: String,
    path: String,
    replaces: Option<String>,
) -> IpcResult<String> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    let path = std::path::PathBuf::from(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "material.pdf".to_owned());
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| core(meeting::MeetingError::Io(e)))?;
    let checked = bytes.clone();
    let pages = pdf_engine::run(move |client| {
        let info = client.open_bytes(checked, None).map_err(pdf)?;
        client.close(info.id);
        Ok(info.page_count)
    })
    .await?;
    let new = NewMaterial {
        item,
        name,
        bytes,
        pages,
        replaces,
    };
    meeting::attach_material(&session, &room_id, new)
        .await
        .map_err(core)
}

/// Opens a material from this device in the viewer.
#[tauri::command]
#[specta::specta]
pub async fn open_material(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
    password: Option<String>,
) -> IpcResult<DocumentInfo> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    let bytes = session
        .meetings()
        .material_bytes(&room_id, &event_id)
        .map_err(core)?;
    pdf_engine::run_pages(move |pages| pages.open_bytes(bytes, password.as_deref()).map_err(pdf))
        .await
}

/// Carries my annotations of the material's older versions to this one,
/// and lists the notes that found no place in it.
#[tauri::command]
#[specta::specta]
pub async fn carry_annotations(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
) -> IpcResult<CarryReport> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    pdf_engine::run(move |client| {
        session
            .meetings()
            .carry_annotations(&room_id, &event_id, client)
            .map_err(core)
    })
    .await
}

/// Pages of every meeting's materials matching `query`, best first.
#[tauri::command]
#[specta::specta]
pub async fn search_materials(
    state: State<'_, AppState>,
    query: String,
) -> IpcResult<Vec<MaterialHit>> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    tokio::task::spawn_blocking(move || {
        session
            .meetings()
            .search_materials(session.search(), &query, 50)
            .map_err(core)
    })
    .await
    .map_err(|e| IpcError::new(kaigi_core::ErrorCode::Internal, e.to_string()))?
}

/// Lets a participant present, or no longer (the organiser's right).
#[tauri::command]
#[specta::specta]
pub async fn grant_presenter(
    state: State<'_, AppState>,
    room_id: String,
    user_id: String,
    allow: bool,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::grant_presenter(&session, &room_id, &user_id, allow)
        .await
        .map_err(core)
}

/// Moves the presenter's position: the material and page everyone follows.
#[tauri::command]
#[specta::specta]
pub async fn present(
    state: State<'_, AppState>,
    room_id: String,
    material: Option<String>,
    page: u32,
    mode: FollowMode,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::present(&session, &room_id, material, page, mode)
        .await
        .map_err(core)
}

/// Marks the meeting as running.
#[tauri::command]
#[specta::specta]
pub async fn start_meeting(state: State<'_, AppState>, room_id: String) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::start_meeting(&session, &room_id)
        .await
        .map_err(core)
}

/// Closes the meeting; with `revoke`, its materials leave every device.
#[tauri::command]
#[specta::specta]
pub async fn close_meeting(
    state: State<'_, AppState>,
    room_id: String,
    revoke: bool,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::close_meeting(&session, &room_id, revoke)
        .await
        .map_err(core)
}

/// The shared annotations on a material (its event id).
#[tauri::command]
#[specta::specta]
pub async fn shared_annotations(
    state: State<'_, AppState>,
    room_id: String,
    material: String,
) -> IpcResult<Vec<SharedAnnotation>> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    session
        .meetings()
        .shared_annotations(&room_id, &material)
        .map_err(core)
}

/// Shares an annotation with the meeting; returns its event id.
#[tauri::command]
#[specta::specta]
pub async fn share_annotation(
    state: State<'_, AppState>,
    room_id: String,
    material: String,
    annotation: Annotation,
) -> IpcResult<String> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::share_annotation(&session, &room_id, &material, annotation)
        .await
        .map_err(core)
}

#[tauri::command]
#[specta::specta]
pub async fn unshare_annotation(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::unshare_annotation(&session, &room_id, &event_id)
        .await
        .map_err(core)
}

/// Starts a vote on an agenda item; returns the poll's event id.
#[tauri::command]
#[specta::specta]
pub async fn start_vote(
    state: State<'_, AppState>,
    room_id: String,
    item: String,
    question: String,
) -> IpcResult<String> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::start_vote(&session, &room_id, &item, &question)
        .await
        .map_err(core)
}

/// Casts or changes my vote.
#[tauri::command]
#[specta::specta]
pub async fn cast_vote(
    state: State<'_, AppState>,
    room_id: String,
    poll: String,
    choice: String,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::cast_vote(&session, &room_id, &poll, &choice)
        .await
        .map_err(core)
}

/// Closes a vote and records its tally in the meeting.
#[tauri::command]
#[specta::specta]
pub async fn end_vote(
    state: State<'_, AppState>,
    room_id: String,
    poll: String,
) -> IpcResult<Vote> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::end_vote(&session, &room_id, &poll)
        .await
        .map_err(core)
}

/// Saves the organiser's changes to a meeting and invites the added people.
#[tauri::command]
#[specta::specta]
pub async fn edit_meeting(
    state: State<'_, AppState>,
    room_id: String,
    edit: MeetingForm,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::edit_meeting(&session, &room_id, edit)
        .await
        .map_err(core)
}
