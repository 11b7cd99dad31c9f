/**
 * The window's side of the page worker (`pageWorker.ts`): asks for pages
 * and gets them decoded, their pixels handed over. The worker starts on
 * first use.
 */
import { BackendError } from "./backendError";
import type { Fetched, FromWorker, ToWorker } from "./pageMessages";
import type { Ask } from "./pageSocket";

/** The worker, as far as the client needs it. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

interface Waiting {
  resolve: (fetched: Fetched) => void;
  reject: (error: Error) => void;
}

export class PageClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private waiting = new Map<number, Waiting>();

  constructor(
    /** The page socket's address, token included (the `page_socket` command). */
    private readonly address: () => Promise<string>,
    private readonly start: () => WorkerLike = () =>
      new Worker(new URL("./pageWorker.ts", import.meta.url), { type: "module" }),
  ) {}

  /** Starts the worker and its connection now, so the first page does not wait for them. */
  warm(): void {
    this.post({ kind: "warm" });
  }

  /** Lets the worker drop the pixel buffer it made ahead (the viewer closed). */
  dropSpare(): void {
    if (this.worker) this.post({ kind: "dropSpare" });
  }

  /** Asks for a page; the ask leaves before this returns. */
  render(ask: Ask): Promise<Fetched> {
    const id = this.nextId;
    this.nextId = id >= 0xffff_ffff ? 1 : id + 1;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ kind: "render", id, ask });
    });
  }

  private post(message: ToWorker): void {
    this.worker ??= this.started();
    this.worker.postMessage(message);
  }

  private started(): WorkerLike {
    const worker = this.start();
    worker.onmessage = ({ data }) => this.received(worker, data);
    worker.onerror = (e) => {
      // The worker could not run: every page waiting fails, the next ask starts another.
      if (this.worker === worker) this.worker = null;
      const error = new BackendError("internal", `the page worker failed: ${e.message}`);
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    };
    return worker;
  }

  private received(worker: WorkerLike, data: FromWorker): void {
    switch (data.kind) {
      case "address":
        this.address().then(
          (url) => worker.postMessage({ kind: "address", url }),
          (e: unknown) =>
            worker.postMessage({
              kind: "noAddress",
              code: e instanceof BackendError ? e.code : "internal",
              message: e instanceof Error ? e.message : String(e),
            }),
        );
        return;
      case "page":
        return this.settle(data.id)?.resolve(data.fetched);
      case "failed":
        return this.settle(data.id)?.reject(new BackendError(data.code, data.message));
    }
  }

  private settle(id: number): Waiting | undefined {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    return waiting;
  }
}
