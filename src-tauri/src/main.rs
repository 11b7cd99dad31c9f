//! Kaigi desktop app: the Tauri shell. It wires kaigi-core and kaigi-pdf to the
//! window; every command parses its arguments, calls one core function and maps
//! the error.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
// matrix-sdk futures nest deeply.
#![recursion_limit = "256"]

mod bindings;
mod commands;
mod downloads;
mod error;
mod logging;
mod media_protocol;
mod notifications;
mod pdf_engine;
mod state;
mod tray;

use tauri::Manager;

fn main() {
    // The same executable serves as the PDF worker process.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == kaigi_pdf::WORKER_SUBCOMMAND)
    {
        std::process::exit(kaigi_pdf::worker::main());
    }
    let started = std::time::Instant::now();
    let builder = bindings::builder();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(builder.invoke_handler())
        .register_asynchronous_uri_scheme_protocol(media_protocol::SCHEME, media_protocol::handle)
        .setup(move |app| {
            builder.mount_events(app);
            let data_dir = state::data_dir(app.handle())?;
            logging::init(&data_dir.join("logs"));
            tracing::info!(data_dir = %data_dir.display(), "starting Kaigi");
            app.manage(state::AppState::open(&data_dir, started)?);
            pdf_engine::warm_up();
            if let Err(e) = tray::install(app.handle()) {
                tracing::warn!(error = %e, "no tray icon");
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("Kaigi could not start: {e}");
            std::process::exit(1);
        }
    }
}
