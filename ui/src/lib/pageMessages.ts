/**
 * What the window and the page worker (`pageWorker.ts`) say to each other,
 * and the worker's side of it. The window asks for pages; the worker
 * fetches each over the page socket, decodes it and hands its pixels over
 * (transferred, not copied). The socket's address comes from the window,
 * which alone can call the app's commands.
 */
import { BackendError } from "./backendError";
import type { ErrorCode } from "./bindings";
import { PAGE_AT, PageSocket, type Ask } from "./pageSocket";
import { decodeRuns, dropSpare, RunsError, type Decoded } from "./runs";

/** A page as the worker hands it over, with where its time went. */
export interface Fetched {
  decoded: Decoded;
  /** From the ask until the answer was in, in the worker. */
  fetchMs: number;
  decodeMs: number;
  /** What the core reports: the page waited, then took to render. */
  queuedUs: number;
  renderUs: number;
}

export type ToWorker =
  | { kind: "render"; id: number; ask: Ask }
  | { kind: "address"; url: string }
  | { kind: "noAddress"; code: ErrorCode; message: string }
  | { kind: "warm" }
  | { kind: "dropSpare" };

export type FromWorker =
  | { kind: "page"; id: number; fetched: Fetched }
  | { kind: "failed"; id: number; code: ErrorCode; message: string }
  | { kind: "address" };

/** The worker's global scope, as far as `serve` needs it. */
export interface Port {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

/** Fetches `ask` over `socket` and decodes it. */
export async function fetchPage(socket: PageSocket, ask: Ask): Promise<Fetched> {
  const asked = performance.now();
  const body = await socket.render(ask);
  const arrived = performance.now();
  const core = new Uint32Array(body, 4, 2);
  const decoded = decodeRuns(body, PAGE_AT);
  return {
    decoded,
    fetchMs: arrived - asked,
    decodeMs: performance.now() - arrived,
    queuedUs: core[0] ?? 0,
    renderUs: core[1] ?? 0,
  };
}

/** Answers the window's messages on `port`, over a page socket made with `open`. */
export function serve(port: Port, open?: (url: string) => WebSocket): void {
  let asking: { resolve: (url: string) => void; reject: (e: Error) => void }[] = [];
  const socket = new PageSocket(
    () =>
      new Promise<string>((resolve, reject) => {
        asking.push({ resolve, reject });
        if (asking.length === 1) port.postMessage({ kind: "address" });
      }),
    open,
  );
  const answered = (settle: (waiting: (typeof asking)[number]) => void) => {
    const waiting = asking;
    asking = [];
    waiting.forEach(settle);
  };
  port.onmessage = ({ data }) => {
    switch (data.kind) {
      case "address":
        return answered((w) => w.resolve(data.url));
      case "noAddress":
        return answered((w) => w.reject(new BackendError(data.code, data.message)));
      case "warm":
        return socket.warm();
      case "dropSpare":
        return dropSpare();
      case "render":
        fetchPage(socket, data.ask).then(
          (fetched) => port.postMessage({ kind: "page", id: data.id, fetched }, buffersOf(fetched.decoded)),
          (e: unknown) => port.postMessage({ kind: "failed", id: data.id, ...described(e) }),
        );
    }
  };
}

/** The buffers under a page's bands (one, or none for a blank page), to hand over. */
function buffersOf(decoded: Decoded): ArrayBuffer[] {
  return [...new Set(decoded.bands.map((b) => b.data.buffer))];
}

function described(e: unknown): { code: ErrorCode; message: string } {
  if (e instanceof BackendError) return { code: e.code, message: e.message };
  if (e instanceof RunsError) return { code: "internal", message: e.message };
  return { code: "internal", message: e instanceof Error ? e.message : String(e) };
}
