//! Kaigi in the system tray: the unread count, the window brought back, the
//! work location switched in one click, and quitting.

use kaigi_core::status::WorkLocation;
use serde::Deserialize;
use tauri::menu::{CheckMenuItem, IsMenuItem, Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use crate::commands::status::QuickStatus;

const TRAY_ID: &str = "main";
const SHOW_ID: &str = "show";
const QUIT_ID: &str = "quit";
/// Menu ids of the quick switch: this prefix, then the location's name.
const LOCATION_PREFIX: &str = "location:";

/// What the tray shows, in the UI's language; the UI owns the translations.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TrayState {
    pub unread: u32,
    /// Hover text, for example "未読 3 件".
    pub tooltip: String,
    pub show: String,
    pub quit: String,
    /// The quick switch's heading, for example "勤務場所".
    pub location_menu: String,
    /// Each location with its label, in menu order.
    pub locations: Vec<TrayLocation>,
    /// My current location, ticked in the menu.
    pub current: Option<WorkLocation>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TrayLocation {
    pub location: WorkLocation,
    pub label: String,
}

/// Puts Kaigi in the tray with a menu to bring the window back or quit; the
/// UI fills in the rest in its language. A desktop without a tray simply
/// shows nothing.
pub fn install(app: &AppHandle) -> tauri::Result<()> {
    let menu = Menu::with_items(
        app,
        &[
            &MenuItem::with_id(
                app,
                SHOW_ID,
                "Kaigi を表示 / Show Kaigi",
                true,
                None::<&str>,
            )?,
            &MenuItem::with_id(app, QUIT_ID, "終了 / Quit", true, None::<&str>)?,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Kaigi")
        .menu(&menu)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()));
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

fn on_menu(app: &AppHandle, id: &str) {
    match id {
        SHOW_ID => show_main(app),
        QUIT_ID => app.exit(0),
        _ => {
            if let Some(location) = quick_switch(id) {
                // The window sets it, as if chosen in the header, so the
                // header, the board and any error show in one place.
                if let Err(e) = (QuickStatus { location }).emit(app) {
                    tracing::warn!(error = %e, "cannot pass the tray's status on");
                }
            }
        }
    }
}

/// The location a quick-switch menu id stands for.
fn quick_switch(id: &str) -> Option<WorkLocation> {
    WorkLocation::parse(id.strip_prefix(LOCATION_PREFIX)?)
}

fn show_main(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// "Kaigi (3)" with unread messages, "Kaigi" without.
pub fn window_title(unread: u32) -> String {
    if unread == 0 {
        "Kaigi".to_owned()
    } else {
        format!("Kaigi ({unread})")
    }
}

/// Shows the unread count in the window title and the tray, and rebuilds
/// the tray's menu in the UI's language with my location ticked.
pub fn update(app: &AppHandle, state: &TrayState) -> tauri::Result<()> {
    if let Some(window) = app.get_webview_window("main") {
        window.set_title(&window_title(state.unread))?;
    }
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return Ok(());
    };
    tray.set_tooltip(Some(&state.tooltip))?;
    // The label beside the icon, where the desktop shows one.
    tray.set_title((state.unread > 0).then(|| state.unread.to_string()))?;
    tray.set_menu(Some(menu(app, state)?))?;
    Ok(())
}

fn menu<R: Runtime>(app: &AppHandle<R>, state: &TrayState) -> tauri::Result<Menu<R>> {
    let choices = state
        .locations
        .iter()
        .map(|choice| {
            let id = format!("{LOCATION_PREFIX}{}", choice.location.as_str());
            let ticked = state.current == Some(choice.location);
            CheckMenuItem::with_id(app, id, &choice.label, true, ticked, None::<&str>)
        })
        .collect::<tauri::Result<Vec<_>>>()?;
    let choices: Vec<&dyn IsMenuItem<R>> = choices.iter().map(|c| c as _).collect();
    let locations = Submenu::with_items(app, &state.location_menu, true, &choices)?;
    Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, SHOW_ID, &state.show, true, None::<&str>)?,
            &locations,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, QUIT_ID, &state.quit, true, None::<&str>)?,
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_shows_the_count_only_when_there_is_one() {
        assert_eq!(window_title(0), "Kaigi");
        assert_eq!(window_title(7), "Kaigi (7)");
    }

    #[test]
    fn quick_switch_ids_name_a_location() {
        for &location in WorkLocation::ALL {
            let id = format!("{LOCATION_PREFIX}{}", location.as_str());
            assert_eq!(quick_switch(&id), Some(location));
        }
        assert_eq!(quick_switch("location:moon"), None);
        assert_eq!(quick_switch(SHOW_ID), None);
        assert_eq!(quick_switch("home"), None);
    }
}
