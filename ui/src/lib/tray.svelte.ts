/**
 * What the system tray shows: the unread count from the chat, my location
 * from the header, its menu in the UI's language. Components write here; the
 * workspace passes it on whenever it changes.
 */
import type { TrayState, WorkLocation } from "./bindings";
import { i18n } from "./i18n.svelte";
import { LOCATIONS } from "./status";

export const tray = $state<{ unread: number; location: WorkLocation | null }>({
  unread: 0,
  location: null,
});

/** The tray's content now; reading it inside an effect tracks every part. */
export function trayState(): TrayState {
  return {
    unread: tray.unread,
    tooltip: i18n.t("tray.unread", { count: tray.unread }),
    show: i18n.t("tray.show"),
    quit: i18n.t("tray.quit"),
    locationMenu: i18n.t("tray.location"),
    locations: LOCATIONS.map((location) => ({ location, label: i18n.t(`status.${location}`) })),
    current: tray.location,
  };
}
