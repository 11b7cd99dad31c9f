//! Desktop notifications for mentions and direct messages while the window is
//! in the background. (The unread count is shown by `tray`.)

use kaigi_core::chat::DesktopNotice;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

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
    fn notification_bodies_carry_no_markup() {
        assert_eq!(
            plain("<b>a</b> & <img src=x>"),
            "＜b＞a＜/b＞ ＆ ＜img src=x＞"
        );
    }
}
