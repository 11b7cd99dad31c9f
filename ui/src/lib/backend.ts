/**
 * The one interface between the UI and the Rust core. Components call this,
 * never `invoke` directly, so they can be tested with a fake.
 */
import { Channel } from "@tauri-apps/api/core";
import { open as openDialog } from "@tauri-apps/plugin-dialog";

import {
  commands,
  events,
  type IpcError,
  type ListDiff,
  type NewRoom_Deserialize,
  type ViewFocus,
  type RoomSummary,
  type SyncState,
  type TrayState,
  type VerificationUpdate,
  type TimelineEntry_Deserialize,
  type WorkStatus_Deserialize,
  type Annotation_Deserialize,
  type BoardUpdate_Serialize as BoardUpdate,
  type WorkLocation,
  type MeetingForm,
  type FollowMode,
  type MeetingUpdate_Serialize as MeetingUpdate,
  type MeetingView_Serialize as MeetingView,
  type CarryReport_Serialize as CarryReport,
} from "./bindings";
import { BackendError } from "./backendError";
import { PAGE_AT, PageSocket } from "./pageSocket";
import { phase, took } from "./perf";
import { decodeRuns } from "./runs";
import { type Sheet, toSheet } from "./sheet";

export type { DocumentInfo_Serialize as DocumentInfo, SessionInfo, RoomSummary, SyncState } from "./bindings";
export type { Member, MessageHit, SecurityState, VerificationUpdate } from "./bindings";
export type { Annotation_Deserialize as Annotation, OutlineItem_Serialize as OutlineItem, PageText, SearchHit } from "./bindings";
export type TimelineEntry = TimelineEntry_Deserialize;
export type MessageEntry = Extract<TimelineEntry, { kind: "message" }>;
export type NewRoom = NewRoom_Deserialize;
export type { ViewFocus };
export type WorkStatus = WorkStatus_Deserialize;
export type { Board_Serialize as Board, BoardMember_Serialize as BoardMember } from "./bindings";
export type { BoardUpdate };
export type { TeleworkReport } from "./bindings";
export type { MeetingSummary_Serialize as MeetingSummary, Material, Participant, FollowMode } from "./bindings";
export type { SharedAnnotation_Serialize as SharedAnnotation, Vote } from "./bindings";
export type { Meeting_Serialize as Meeting, PresenterPosition_Serialize as PresenterPosition } from "./bindings";
export type { MeetingUpdate, MeetingView };
export type { CarryReport_Serialize as CarryReport, UnplacedNote_Serialize as UnplacedNote, MaterialHit } from "./bindings";

/** Where a PDF to open comes from: a local file, or a file sent in chat. */
export type PdfSource =
  | { kind: "path"; path: string }
  | { kind: "attachment"; view: string; item: string; name: string }
  | { kind: "material"; roomId: string; eventId: string; name: string };

/** The file name a PDF source is shown by. */
export function pdfSourceName(source: PdfSource): string {
  return source.kind === "path" ? (source.path.split(/[\\/]/).pop() ?? "") : source.name;
}

export { BackendError };

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

/** Minutes east of UTC here (JST: 540); the core counts days in local time. */
export function utcOffsetMinutes(): number {
  return -new Date().getTimezoneOffset();
}

/** Rendered pages, over the app's page socket. */
const pages = new PageSocket(() => unwrap(commands.pageSocket()));

/** Where chat images are served. */
const MEDIA_ORIGIN = navigator.userAgent.includes("Windows")
  ? "http://kaigi-media.localhost"
  : "kaigi-media://localhost";

export const backend = {
  appReady: () => commands.appReady(),
  startupDocument: () => commands.startupDocument(),
  /** The unread count in the window title and the tray, with the tray's words. */
  updateTray: (state: TrayState) => unwrap(commands.updateTray(state)),
  currentSession: () => unwrap(commands.currentSession()),
  signIn: (homeserver: string, username: string, password: string) =>
    unwrap(commands.signIn(homeserver, username, password)),
  signOut: () => unwrap(commands.signOut()),
  syncState: () => unwrap(commands.syncState()),
  onSyncState: (cb: (state: SyncState) => void) => events.syncStateChanged.listen((e) => cb(e.payload)),

  watchRooms: (onDiffs: (diffs: ListDiff<RoomSummary>[]) => void) =>
    unwrap(commands.watchRooms(channel(onDiffs))),
  createRoom: (room: NewRoom) => unwrap(commands.createRoom(room)),
  directChat: (userId: string) => unwrap(commands.directChat(userId)),
  invite: (roomId: string, userId: string) => unwrap(commands.invite(roomId, userId)),
  joinRoom: (room: string) => unwrap(commands.joinRoom(room)),
  leaveRoom: (roomId: string) => unwrap(commands.leaveRoom(roomId)),
  spaceRooms: (spaceId: string) => unwrap(commands.spaceRooms(spaceId)),
  openLink: (url: string) => unwrap(commands.openLink(url)),
  searchMessages: (query: string, roomId: string | null = null) => unwrap(commands.searchMessages(query, roomId)),

  /** Opens a room or thread; resolves to the view key the other calls take. */
  openRoom: (roomId: string, focus: ViewFocus, onDiffs: (diffs: ListDiff<TimelineEntry>[]) => void) =>
    unwrap(commands.openRoom(roomId, focus, channel(onDiffs))),
  closeRoom: (view: string) => commands.closeRoom(view),
  sendMessage: (view: string, body: string) => unwrap(commands.sendMessage(view, body)),
  replyTo: (view: string, to: string, body: string) => unwrap(commands.replyTo(view, to, body)),
  toggleReaction: (view: string, item: string, key: string) => unwrap(commands.toggleReaction(view, item, key)),
  editMessage: (view: string, item: string, body: string) => unwrap(commands.editMessage(view, item, body)),
  deleteMessage: (view: string, item: string) => unwrap(commands.deleteMessage(view, item)),
  retrySend: (view: string, item: string) => unwrap(commands.retrySend(view, item)),
  cancelSend: (view: string, item: string) => unwrap(commands.cancelSend(view, item)),
  loadOlder: (view: string) => unwrap(commands.loadOlder(view)),
  markRoomRead: (view: string) => unwrap(commands.markRoomRead(view)),
  sendFile: (view: string, path: string) => unwrap(commands.sendFile(view, path)),
  saveAttachment: (view: string, item: string) => unwrap(commands.saveAttachment(view, item)),
  openAttachmentPdf: (view: string, item: string, password: string | null = null) =>
    unwrap(commands.openAttachmentPdf(view, item, password)),
  /** The URL of an image a message carries (its thumbnail by default), for `<img src>`. */
  mediaUrl: (view: string, item: string, thumbnail = true) =>
    `${MEDIA_ORIGIN}/?view=${encodeURIComponent(view)}&item=${encodeURIComponent(item)}${thumbnail ? "&thumbnail=1" : ""}`,
  /** The URL of a person's avatar thumbnail, for `<img src>`. */
  avatarUrl: (mxc: string) => `${MEDIA_ORIGIN}/?avatar=${encodeURIComponent(mxc)}`,
  roomMembers: (roomId: string) => unwrap(commands.roomMembers(roomId)),
  setTyping: (roomId: string, typing: boolean) => unwrap(commands.setTyping(roomId, typing)),
  /** Calls `onChange` with the names of the others typing in the room. */
  watchTyping: (roomId: string, onChange: (names: string[]) => void) => {
    const ch = new Channel<string[]>();
    ch.onmessage = onChange;
    return unwrap(commands.watchTyping(roomId, ch));
  },
  unwatchTyping: (roomId: string) => commands.unwatchTyping(roomId),
  pickFiles: async (): Promise<string[]> => {
    const picked = await openDialog({ multiple: true });
    if (picked == null) return [];
    return Array.isArray(picked) ? picked : [picked];
  },

  securityState: () => unwrap(commands.securityState()),
  enableRecovery: () => unwrap(commands.enableRecovery()),
  resetRecoveryKey: () => unwrap(commands.resetRecoveryKey()),
  recover: (key: string) => unwrap(commands.recover(key)),
  verifyUser: (userId: string) => unwrap(commands.verifyUser(userId)),
  acceptVerification: (flowId: string) => unwrap(commands.acceptVerification(flowId)),
  confirmVerification: (flowId: string) => unwrap(commands.confirmVerification(flowId)),
  mismatchVerification: (flowId: string) => unwrap(commands.mismatchVerification(flowId)),
  cancelVerification: (flowId: string) => unwrap(commands.cancelVerification(flowId)),
  onVerification: (cb: (update: VerificationUpdate) => void) =>
    events.verificationChanged.listen((e) => cb(e.payload)),

  myStatus: () => unwrap(commands.myStatus(utcOffsetMinutes())),
  /** The board at the window's UTC offset, and its live updates. */
  statusBoard: () => unwrap(commands.statusBoard(utcOffsetMinutes())),
  watchBoard: (onUpdate: (update: BoardUpdate) => void) => {
    // The core sends the serialized form (absent values as null).
    const ch: Parameters<typeof commands.watchBoard>[1] = new Channel();
    ch.onmessage = (update) => onUpdate(update as BoardUpdate);
    return unwrap(commands.watchBoard(utcOffsetMinutes(), ch));
  },
  unwatchBoard: () => commands.unwatchBoard(),
  meetings: () => unwrap(commands.meetings(utcOffsetMinutes())),
  createMeeting: (meeting: MeetingForm) => unwrap(commands.createMeeting(meeting)),
  editMeeting: (roomId: string, edit: MeetingForm) => unwrap(commands.editMeeting(roomId, edit)),
  /** Opens the meeting screen; its changes arrive on `onUpdate` until `closeMeetingView`. */
  openMeeting: (roomId: string, onUpdate: (update: MeetingUpdate) => void) => {
    const ch: Parameters<typeof commands.openMeeting>[1] = new Channel();
    ch.onmessage = (update) => onUpdate(update as MeetingUpdate);
    return unwrap(commands.openMeeting(roomId, ch)) as Promise<MeetingView>;
  },
  meetingView: (roomId: string) => unwrap(commands.meetingView(roomId)) as Promise<MeetingView>,
  closeMeetingView: () => commands.closeMeetingView(),
  attachMaterial: (roomId: string, item: string, path: string, replaces: string | null = null) =>
    unwrap(commands.attachMaterial(roomId, item, path, replaces)),
  openMaterial: (roomId: string, eventId: string, password: string | null = null) =>
    unwrap(commands.openMaterial(roomId, eventId, password)),
  searchMaterials: (query: string) => unwrap(commands.searchMaterials(query)),
  carryAnnotations: (roomId: string, eventId: string) =>
    unwrap(commands.carryAnnotations(roomId, eventId)) as Promise<CarryReport>,
  present: (roomId: string, material: string | null, page: number, mode: FollowMode) =>
    unwrap(commands.present(roomId, material, page, mode)),
  grantPresenter: (roomId: string, userId: string, allow: boolean) => unwrap(commands.grantPresenter(roomId, userId, allow)),
  startMeeting: (roomId: string) => unwrap(commands.startMeeting(roomId)),
  closeMeeting: (roomId: string, revoke: boolean) => unwrap(commands.closeMeeting(roomId, revoke)),
  setInMeeting: (inMeeting: boolean) => commands.setInMeeting(inMeeting),
  sharedAnnotations: (roomId: string, material: string) => unwrap(commands.sharedAnnotations(roomId, material)),
  shareAnnotation: (roomId: string, material: string, annotation: Annotation_Deserialize) =>
    unwrap(commands.shareAnnotation(roomId, material, annotation)),
  unshareAnnotation: (roomId: string, eventId: string) => unwrap(commands.unshareAnnotation(roomId, eventId)),
  startVote: (roomId: string, item: string, question: string) => unwrap(commands.startVote(roomId, item, question)),
  castVote: (roomId: string, poll: string, choice: string) => unwrap(commands.castVote(roomId, poll, choice)),
  endVote: (roomId: string, poll: string) => unwrap(commands.endVote(roomId, poll)),
  teleworkReport: (month: string) => unwrap(commands.teleworkReport(month, utcOffsetMinutes())),
  exportTeleworkCsv: (month: string) => unwrap(commands.exportTeleworkCsv(month, utcOffsetMinutes())),
  startStatusAutopilot: (awayAfterMin: number | null) =>
    unwrap(commands.startStatusAutopilot(awayAfterMin, utcOffsetMinutes())),
  reportActivity: () => commands.reportActivity(),
  onMyStatusChanged: (handler: (status: WorkStatus) => void) =>
    events.myStatusChanged.listen((e) => handler(e.payload.status)),
  onQuickStatus: (handler: (location: WorkLocation) => void) =>
    events.quickStatus.listen((e) => handler(e.payload.location)),
  setMyStatus: (status: WorkStatus) => unwrap(commands.setMyStatus(status)),

  pickPdf: async (filterName: string): Promise<string | null> => {
    const picked = await openDialog({ multiple: false, filters: [{ name: filterName, extensions: ["pdf"] }] });
    return typeof picked === "string" ? picked : null;
  },
  openPdf: (path: string, password: string | null = null) => unwrap(commands.openPdf(path, password)),
  /** Opens a PDF wherever it comes from (`password` for an encrypted one). */
  openPdfSource: (source: PdfSource, password: string | null) =>
    source.kind === "path"
      ? backend.openPdf(source.path, password)
      : source.kind === "material"
        ? backend.openMaterial(source.roomId, source.eventId, password)
        : backend.openAttachmentPdf(source.view, source.item, password),
  closePdf: (id: number) => unwrap(commands.closePdf(id)),
  pageText: (id: number, page: number) => unwrap(commands.pageText(id, page)),
  searchPdf: (id: number, query: string) => unwrap(commands.searchPdf(id, query)),
  pdfOutline: (id: number) => unwrap(commands.pdfOutline(id)),
  annotations: (sha256: string) => unwrap(commands.annotations(sha256)),
  saveAnnotation: (sha256: string, annotation: Annotation_Deserialize) =>
    unwrap(commands.saveAnnotation(sha256, annotation)),
  deleteAnnotation: (sha256: string, id: string) => unwrap(commands.deleteAnnotation(sha256, id)),
  saveAnnotatedCopy: (id: number, sha256: string, fileName: string) =>
    unwrap(commands.saveAnnotatedCopy(id, sha256, fileName)),
  /** Connects to the page socket ahead of the first page. */
  warmPages: () => pages.warm(),
  /**
   * One page, decoded, `scale` device pixels per PDF point; with `region`,
   * only that tile (in pixels of the whole page at that scale). Background
   * requests (prefetch) yield the PDF engine to pages the user is waiting for.
   */
  renderPage: async (
    doc: number,
    page: number,
    scale: number,
    region?: { x: number; y: number; w: number; h: number },
    background = false,
  ): Promise<Sheet> => {
    let at = performance.now();
    const body = await pages.render({
      doc,
      page,
      scale,
      region: region ? { x: region.x, y: region.y, width: region.w, height: region.h } : null,
      background,
    });
    at = phase(background ? "prefetch" : "fetch", at);
    if (!background) {
      const core = new Uint32Array(body, 4, 2);
      took("queued", (core[0] ?? 0) / 1000);
      took("render", (core[1] ?? 0) / 1000);
    }
    const sheet = toSheet(decodeRuns(body, PAGE_AT));
    phase("decode", at);
    return sheet;
  },
};

export type Backend = typeof backend;
