use std::sync::Arc;

use kaigi_core::session::{Session, SessionInfo, SyncState};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::error::{IpcResult, core};
use crate::notifications;
use crate::state::AppState;

/// The connection indicator changed.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct SyncStateChanged(pub SyncState);

/// The signed-in session, restoring it from the keychain on first call.
#[tauri::command]
#[specta::specta]
pub async fn current_session(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<Option<SessionInfo>> {
    let mut slot = state.session.lock().await;
    if !slot.restore_tried {
        slot.restore_tried = true;
        if let Some(session) = Session::restore(state.profile.clone())
            .await
            .map_err(core)?
        {
            slot.session = Some(activate(&app, &state, session));
        }
    }
    Ok(slot.session.as_ref().map(|s| s.info()))
}

/// The connection state now; changes arrive as `SyncStateChanged`.
#[tauri::command]
#[specta::specta]
pub async fn sync_state(state: State<'_, AppState>) -> IpcResult<Option<SyncState>> {
    Ok(state.session().await.map(|s| s.sync_state()))
}

#[tauri::command]
#[specta::specta]
pub async fn sign_in(
    app: AppHandle,
    state: State<'_, AppState>,
    homeserver: String,
    username: String,
    password: String,
) -> IpcResult<SessionInfo> {
    let mut slot = state.session.lock().await;
    if let Some(old) = slot.session.take() {
        *state.live() = Default::default();
        old.sign_out().await.map_err(core)?;
    }
    let session = Session::sign_in(state.profile.clone(), &homeserver, &username, &password)
        .await
        .map_err(core)?;
    slot.restore_tried = true;
    let session = activate(&app, &state, session);
    let info = session.info();
    slot.session = Some(session);
    Ok(info)
}

#[tauri::command]
#[specta::specta]
pub async fn sign_out(state: State<'_, AppState>) -> IpcResult<()> {
    let mut slot = state.session.lock().await;
    *state.live() = Default::default();
    if let Some(session) = slot.session.take() {
        session.sign_out().await.map_err(core)?;
    }
    Ok(())
}

/// Starts what a signed-in window watches: the connection state, and
/// keeps the materials' search index current.
fn activate(app: &AppHandle, state: &AppState, session: Session) -> Arc<Session> {
    let emitter = app.clone();
    let watcher = session.watch_sync_state(move |s| {
        if let Err(e) = SyncStateChanged(s).emit(&emitter) {
            tracing::warn!(error = %e, "cannot emit the sync state");
        }
    });
    let verifications = super::security::watch(app, &session);
    {
        let mut live = state.live();
        live.sync_state = Some(watcher);
        live.verifications = Some(verifications);
    }
    let session = Arc::new(session);
    state.live().material_index = Some(session.index_materials(|| {
        crate::pdf_engine::client().map_err(|e| kaigi_pdf::PdfError::WorkerUnavailable(e.message))
    }));
    let notices = session.clone();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        kaigi_core::chat::on_notices(&notices, move |n| notifications::notify(&app, &n)).await;
    });
    session
}
