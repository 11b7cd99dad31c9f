/**
 * Rendered pages from the app's page socket (crates/kaigi-pdf/src/page_socket.rs),
 * a WebSocket on 127.0.0.1: a page arrives in one message, where WebKit's
 * custom-scheme transfer delivers it 8 KB per turn of the UI's main loop.
 *
 * Asks go out as JSON text frames. Each answer is a binary frame (the ask's
 * id, two timings, then the page in the runs format) or a text frame with an
 * error.
 * The connection opens on first use and again after it drops; asks still
 * waiting when it drops fail.
 */
import type { IpcError, PageAsk_Deserialize } from "./bindings";
import { BackendError } from "./backendError";

export type Ask = Omit<PageAsk_Deserialize, "id">;

/** Where the page starts in an answer: after the ask's id, and the
 * microseconds it waited and then took to render in the core. */
export const PAGE_AT = 12;

interface Waiting {
  resolve: (answer: ArrayBuffer) => void;
  reject: (error: Error) => void;
}

function lost(): BackendError {
  return new BackendError("internal", "the connection for pages closed");
}

export class PageSocket {
  private socket: Promise<WebSocket> | null = null;
  /** The connection once open: asks go out on it at once, not a microtask later. */
  private live: WebSocket | null = null;
  private nextId = 1;
  private waiting = new Map<number, Waiting>();

  constructor(
    /** The socket's address, token included (the `page_socket` command). */
    private readonly address: () => Promise<string>,
    private readonly open: (url: string) => WebSocket = (url) => new WebSocket(url),
  ) {}

  /** Connects now, so the first page does not wait for it. */
  warm(): void {
    this.connect().catch(() => undefined);
  }

  /**
   * Asks for a page; resolves to the answer (the page starts at `PAGE_AT`).
   * On an open connection the ask is sent before this returns, so the core
   * starts on the page while the caller goes on (building the page's view,
   * say) rather than after.
   */
  render(ask: Ask): Promise<ArrayBuffer> {
    if (this.live) return this.send(this.live, ask);
    return this.connect().then((socket) => this.send(socket, ask));
  }

  private send(socket: WebSocket, ask: Ask): Promise<ArrayBuffer> {
    const id = this.nextId;
    this.nextId = id >= 0xffff_ffff ? 1 : id + 1;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      socket.send(JSON.stringify({ ...ask, id }));
    });
  }

  private connect(): Promise<WebSocket> {
    this.socket ??= this.address()
      .then(
        (url) =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = this.open(url);
            socket.binaryType = "arraybuffer";
            socket.onopen = () => {
              this.live = socket;
              resolve(socket);
            };
            socket.onmessage = (e: MessageEvent) => this.answer(e.data);
            socket.onclose = () => {
              this.socket = null;
              this.live = null;
              reject(lost());
              for (const waiting of this.waiting.values()) waiting.reject(lost());
              this.waiting.clear();
            };
          }),
      )
      .catch((e: unknown) => {
        this.socket = null;
        throw e;
      });
    return this.socket;
  }

  private answer(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      if (data.byteLength < PAGE_AT) return;
      this.settle(new DataView(data).getUint32(0, true))?.resolve(data);
    } else if (typeof data === "string") {
      try {
        const { id, error } = JSON.parse(data) as { id: number | null; error: IpcError };
        if (id === null) console.warn("the page socket could not read an ask:", error.message);
        else this.settle(id)?.reject(new BackendError(error.code, error.message));
      } catch {
        console.warn("unreadable answer from the page socket");
      }
    }
  }

  private settle(id: number): Waiting | undefined {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    return waiting;
  }
}
