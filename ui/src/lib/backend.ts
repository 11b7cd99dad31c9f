/**
 * The one interface between the UI and the Rust core. Components call this,
 * never `invoke` directly, so they can be tested with a fake.
 */
import { Channel } from "@tauri-apps/api/core";
import { open as openDialog } from "@tauri-apps/plugin-dialog";

import {
  commands,
  events,
  type ErrorCode,
  type IpcError,
  type ListDiff,
  type RoomSummary,
  type SyncState,
  type TimelineEntry_Deserialize,
  type WorkStatus_Deserialize,
} from "./bindings";

export type { DocumentInfo_Serialize as DocumentInfo, SessionInfo, RoomSummary, SyncState } from "./bindings";
export type TimelineEntry = TimelineEntry_Deserialize;
export type WorkStatus = WorkStatus_Deserialize;

/** An error from the core, with the code the UI turns into a message. */
export class BackendError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  const outcome = await call;
  if (outcome.status === "error") throw new BackendError(outcome.error.code, outcome.error.message);
  return outcome.data;
}

function channel<T>(onDiffs: (diffs: ListDiff<T>[]) => void): Channel<ListDiff<T>[]> {
  const ch = new Channel<ListDiff<T>[]>();
  ch.onmessage = onDiffs;
  return ch;
}

/** Where rendered pages are served; Windows maps custom schemes to http. */
const PAGE_BASE = navigator.userAgent.includes("Windows")
  ? "http://kaigi-page.localhost"
  : "kaigi-page://localhost";

export const backend = {
  appReady: () => commands.appReady(),
  startupDocument: () => commands.startupDocument(),
  currentSession: () => unwrap(commands.currentSession()),
  signIn: (homeserver: string, username: string, password: string) =>
    unwrap(commands.signIn(homeserver, username, password)),
  signOut: () => unwrap(commands.signOut()),
  syncState: () => unwrap(commands.syncState()),
  onSyncState: (cb: (state: SyncState) => void) => events.syncStateChanged.listen((e) => cb(e.payload)),

  watchRooms: (onDiffs: (diffs: ListDiff<RoomSummary>[]) => void) =>
    unwrap(commands.watchRooms(channel(onDiffs))),
  openRoom: (roomId: string, onDiffs: (diffs: ListDiff<TimelineEntry>[]) => void) =>
    unwrap(commands.openRoom(roomId, channel(onDiffs))),
  closeRoom: (roomId: string) => commands.closeRoom(roomId),
  sendMessage: (roomId: string, body: string) => unwrap(commands.sendMessage(roomId, body)),
  loadOlder: (roomId: string) => unwrap(commands.loadOlder(roomId)),
  markRoomRead: (roomId: string) => unwrap(commands.markRoomRead(roomId)),

  myStatus: () => unwrap(commands.myStatus()),
  setMyStatus: (status: WorkStatus) => unwrap(commands.setMyStatus(status)),

  pickPdf: async (filterName: string): Promise<string | null> => {
    const picked = await openDialog({ multiple: false, filters: [{ name: filterName, extensions: ["pdf"] }] });
    return typeof picked === "string" ? picked : null;
  },
  openPdf: (path: string, password: string | null = null) => unwrap(commands.openPdf(path, password)),
  closePdf: (id: number) => unwrap(commands.closePdf(id)),
  /** One page as pixels, `scale` device pixels per PDF point. */
  renderPage: async (doc: number, page: number, scale: number): Promise<ImageData> => {
    const response = await fetch(`${PAGE_BASE}/${doc}/${page}?scale=${scale.toFixed(3)}`);
    if (!response.ok) throw new BackendError("pdfMalformed", await response.text());
    const bytes = await response.arrayBuffer();
    const header = new DataView(bytes, 0, 8);
    const width = header.getUint32(0, true);
    const height = header.getUint32(4, true);
    return new ImageData(new Uint8ClampedArray(bytes, 8, width * height * 4), width, height);
  },
};

export type Backend = typeof backend;
