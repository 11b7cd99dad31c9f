//! The typed IPC surface: every command and event, exported to TypeScript.

use tauri_specta::{collect_commands, collect_events};

use crate::commands::{
    app, attachments, chat, meetings, pdf, people, rooms, security, session, status,
};

pub fn builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            app::app_ready,
            app::startup_document,
            app::update_tray,
            session::current_session,
            session::sign_in,
            session::sign_out,
            session::sync_state,
            rooms::watch_rooms,
            rooms::create_room,
            rooms::direct_chat,
            rooms::invite,
            rooms::join_room,
            rooms::leave_room,
            rooms::space_rooms,
            rooms::open_link,
            rooms::search_messages,
            chat::open_room,
            chat::close_room,
            people::room_members,
            people::set_typing,
            people::watch_typing,
            people::unwatch_typing,
            chat::send_message,
            chat::reply_to,
            chat::toggle_reaction,
            chat::edit_message,
            chat::delete_message,
            chat::retry_send,
            chat::cancel_send,
            chat::load_older,
            chat::mark_room_read,
            attachments::send_file,
            attachments::save_attachment,
            attachments::open_attachment_pdf,
            pdf::open_pdf,
            pdf::close_pdf,
            pdf::page_socket,
            pdf::page_text,
            pdf::search_pdf,
            pdf::pdf_outline,
            pdf::annotations,
            pdf::save_annotation,
            pdf::delete_annotation,
            pdf::save_annotated_copy,
            security::security_state,
            security::enable_recovery,
            security::reset_recovery_key,
            security::recover,
            security::verify_user,
            security::accept_verification,
            security::confirm_verification,
            security::mismatch_verification,
            security::cancel_verification,
            security::is_user_verified,
            status::my_status,
            status::set_my_status,
            status::status_board,
            status::watch_board,
            status::unwatch_board,
            status::start_status_autopilot,
            status::report_activity,
            status::set_in_meeting,
            status::telework_report,
            status::export_telework_csv,
            meetings::meetings,
            meetings::create_meeting,
            meetings::open_meeting,
            meetings::meeting_view,
            meetings::close_meeting_view,
            meetings::attach_material,
            meetings::open_material,
            meetings::carry_annotations,
            meetings::search_materials,
            meetings::present,
            meetings::grant_presenter,
            meetings::start_meeting,
            meetings::close_meeting,
            meetings::shared_annotations,
            meetings::share_annotation,
            meetings::unshare_annotation,
            meetings::start_vote,
            meetings::cast_vote,
            meetings::end_vote,
            meetings::edit_meeting,
        ])
        .typ::<kaigi_pdf::page_socket::PageAsk>()
        .events(collect_events![
            session::SyncStateChanged,
            security::VerificationChanged,
            status::MyStatusChanged,
            status::QuickStatus,
        ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path of the generated bindings, relative to this crate.
    const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

    fn typescript() -> specta_typescript::Typescript {
        specta_typescript::Typescript::default().header(
            "// Generated from Rust by tauri-specta (src-tauri/src/bindings.rs). Do not edit.",
        )
    }

    /// Fails when `ui/src/lib/bindings.ts` is stale. Run with
    /// `KAIGI_UPDATE_BINDINGS=1` to write it.
    #[test]
    fn typescript_bindings_are_up_to_date() {
        let committed_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        let fresh = tempfile_path();
        builder()
            .export(typescript(), &fresh)
            .expect("export bindings");
        let fresh_text = std::fs::read_to_string(&fresh).unwrap();
        if std::env::var_os("KAIGI_UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed_path, &fresh_text).unwrap();
        }
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        assert!(
            committed == fresh_text,
            "{} is stale: run `KAIGI_UPDATE_BINDINGS=1 cargo test -p kaigi bindings`",
            committed_path.display()
        );
    }

    fn tempfile_path() -> std::path::PathBuf {
        std::env::temp_dir().join(format!("kaigi-bindings-{}.ts", std::process::id()))
    }
}
