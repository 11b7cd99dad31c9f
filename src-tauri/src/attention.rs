//! What asks for the user's attention outside the page: the unread count in
//! the window title and the tray, and desktop notifications for mentions and
//! direct messages while the window is in the background.

use kaigi_core::chat::DesktopNotice;
use serde::Deserialize;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

const TRAY_ID: &str = "main";
const SHOW_ID: &str = "show";
const QUIT_ID: &str = "quit";

/// The tray's words, in the UI's language; the UI owns the translations.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TrayText {
    /// Hover text, for example "未読 3 件".
    pub tooltip: String,
    pub show: String,
    pub quit: String,
}

/// Puts Kaigi in the tray with a menu to bring the window back or quit.
/// A desktop without a tray simply shows nothing.
pub fn install_tray(app: &AppHandle) -> tauri::Result<()> {
    let menu = tray_menu(app, "Kaigi を表示 / Show Kaigi", "終了 / Quit")?;
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Kaigi")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            SHOW_ID => show_main(app),
            QUIT_ID => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

fn tray_menu<R: Runtime>(app: &AppHandle<R>, show: &str, quit: &str) -> tauri::Result<Menu<R>> {
    Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, SHOW_ID, show, true, None::<&str>)?,
            &MenuItem::with_id(app, QUIT_ID, quit, true, None::<&str>)?,
        ],
    )
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

/// Shows the unread count in the window title and the tray.
pub fn show_unread(app: &AppHandle, unread: u32, text: &TrayText) -> tauri::Result<()> {
    let title = window_title(unread);
    if let Some(window) = app.get_webview_window("main") {
        window.set_title(&title)?;
    }
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        update_tray(app, &tray, unread, text)?;
    }
    Ok(())
}

fn update_tray(
    app: &AppHandle,
    tray: &TrayIcon,
    unread: u32,
    text: &TrayText,
) -> tauri::Result<()> {
    tray.set_tooltip(Some(&text.tooltip))?;
    // The label beside the icon, where the desktop shows one.
    tray.set_title((unread > 0).then(|| unread.to_string()))?;
    tray.set_menu(Some(tray_menu(app, &text.show, &text.quit)?))?;
    Ok(())
}

/// Shows `notice` on the desktop unless the user is already looking at Kaigi.
pub fn notify(app: &AppHandle, notice: &DesktopNotice) {
    let focused = app
        .get_webview_window("main")
        .and_then(|w| w.is_focused().ok())
        .unwrap_or(false);
    if focused {
        return;
    }
    let title = if notice.room_name == notice.sender_name {
        notice.sender_name.clone()
    } else {
        format!("{} — {}", notice.sender_name, notice.room_name)
    };
    // Desktop notification servers may read markup in the body; send it without.
    let body = plain(&notice.body);
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!(error = %e, "cannot show a desktop notification");
    }
}

/// Notification servers that support body markup treat `<`, `>` and `&` as
/// markup; replace them with look-alikes so the text shows as written.
fn plain(text: &str) -> String {
    text.replace('&', "＆")
        .replace('<', "＜")
        .replace('>', "＞")
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
    fn notification_bodies_carry_no_markup() {
        assert_eq!(
            plain("<b>a</b> & <img src=x>"),
            "＜b＞a＜/b＞ ＆ ＜img src=x＞"
        );
    }
}
