//! Encryption the user acts on: the security panel (cross-signing, recovery
//! key) and emoji verification, whose steps arrive as `VerificationChanged`.

use kaigi_core::security::{self, SecurityState, VerificationUpdate, Verifications};
use serde::Serialize;
use std::sync::Arc;
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::error::{IpcError, IpcResult, core};
use crate::state::AppState;

/// A step of an emoji verification, incoming or outgoing.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct VerificationChanged(pub VerificationUpdate);

/// Listens for verification requests for the signed-in session.
pub fn watch(app: &AppHandle, session: &kaigi_core::session::Session) -> Arc<Verifications> {
    let app = app.clone();
    Verifications::watch(session, move |update| {
        if let Err(e) = VerificationChanged(update).emit(&app) {
            tracing::warn!(error = %e, "cannot emit a verification step");
        }
    })
}

fn verifications(state: &AppState) -> IpcResult<Arc<Verifications>> {
    state
        .live()
        .verifications
        .clone()
        .ok_or_else(IpcError::not_signed_in)
}

#[tauri::command]
#[specta::specta]
pub async fn security_state(state: State<'_, AppState>) -> IpcResult<SecurityState> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    Ok(security::security_state(&session).await)
}

/// Sets up key backup with a new recovery key; returns the key to keep.
#[tauri::command]
#[specta::specta]
pub async fn enable_recovery(state: State<'_, AppState>) -> IpcResult<String> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    security::enable_recovery(&session).await.map_err(core)
}

/// Replaces the recovery key; returns the new one.
#[tauri::command]
#[specta::specta]
pub async fn reset_recovery_key(state: State<'_, AppState>) -> IpcResult<String> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    security::reset_recovery_key(&session).await.map_err(core)
}

/// Unlocks this device with the recovery key.
#[tauri::command]
#[specta::specta]
pub async fn recover(state: State<'_, AppState>, recovery_key: String) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    security::recover(&session, &recovery_key)
        .await
        .map_err(core)
}

/// Asks a user (or my other devices, with my own id) to verify by emoji.
#[tauri::command]
#[specta::specta]
pub async fn verify_user(state: State<'_, AppState>, user_id: String) -> IpcResult<String> {
    verifications(&state)?.request(&user_id).await.map_err(core)
}

#[tauri::command]
#[specta::specta]
pub async fn accept_verification(state: State<'_, AppState>, flow_id: String) -> IpcResult<()> {
    verifications(&state)?.accept(&flow_id).await.map_err(core)
}

/// The emoji match.
#[tauri::command]
#[specta::specta]
pub async fn confirm_verification(state: State<'_, AppState>, flow_id: String) -> IpcResult<()> {
    verifications(&state)?.confirm(&flow_id).await.map_err(core)
}

/// The emoji differ.
#[tauri::command]
#[specta::specta]
pub async fn mismatch_verification(state: State<'_, AppState>, flow_id: String) -> IpcResult<()> {
    verifications(&state)?
        .mismatch(&flow_id)
        .await
        .map_err(core)
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_verification(state: State<'_, AppState>, flow_id: String) -> IpcResult<()> {
    verifications(&state)?.cancel(&flow_id).await.map_err(core)
}

#[tauri::command]
#[specta::specta]
pub async fn is_user_verified(state: State<'_, AppState>, user_id: String) -> IpcResult<bool> {
    verifications(&state)?
        .is_verified(&user_id)
        .await
        .map_err(core)
}
