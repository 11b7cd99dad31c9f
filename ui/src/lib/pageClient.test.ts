import { describe, expect, it } from "vitest";
import { BackendError } from "./backendError";
import { PageClient, type WorkerLike } from "./pageClient";
import { serve, type FromWorker, type Port, type ToWorker } from "./pageMessages";
import { EXAMPLE } from "./runsExample";

/** Stands in for the browser's WebSocket: records asks, answers with `answer`. */
class FakeSocket {
  binaryType = "blob";
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(
    readonly url: string,
    private readonly answer: (id: number) => unknown,
  ) {
    queueMicrotask(() => this.onopen?.());
  }
  send(text: string) {
    const { id } = JSON.parse(text) as { id: number };
    queueMicrotask(() => this.onmessage?.({ data: this.answer(id) }));
  }
}

/** A page in the runs format, after the id and the core's two timings. */
function answer(id: number): ArrayBuffer {
  const page = new Uint32Array(EXAMPLE).buffer;
  const out = new Uint8Array(12 + page.byteLength);
  new DataView(out.buffer).setUint32(0, id, true);
  new DataView(out.buffer).setUint32(4, 1500, true);
  new DataView(out.buffer).setUint32(8, 2500, true);
  out.set(new Uint8Array(page), 12);
  return out.buffer;
}

/**
 * The client and a worker joined in one thread, as a real worker would be
 * across two: each side's messages reach the other a task later, and what
 * the worker transfers is recorded.
 */
function joined(reply: (id: number) => unknown = answer, address = () => Promise.resolve("ws://127.0.0.1:1/p")) {
  const transferred: Transferable[][] = [];
  const urls: string[] = [];
  const client = new PageClient(address, () => {
    const port: Port = {
      onmessage: null,
      postMessage(message: FromWorker, transfer?: Transferable[]) {
        if (message.kind === "page") transferred.push(transfer ?? []);
        setTimeout(() => worker.onmessage?.({ data: message } as MessageEvent<FromWorker>));
      },
    };
    const worker: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(message: ToWorker) {
        setTimeout(() => port.onmessage?.({ data: message } as MessageEvent<ToWorker>));
      },
    };
    serve(port, (url) => {
      urls.push(url);
      return new FakeSocket(url, reply) as unknown as WebSocket;
    });
    return worker;
  });
  return { client, transferred, urls };
}

const ask = (page: number) => ({ doc: 1, page, scale: 2, region: null, background: false });

describe("PageClient and the page worker", () => {
  it("fetches and decodes a page in the worker and hands its pixels over", async () => {
    const { client, transferred, urls } = joined();
    const fetched = await client.render(ask(3));
    expect(urls).toEqual(["ws://127.0.0.1:1/p"]);
    expect(fetched.decoded.width).toBeGreaterThan(0);
    expect(fetched.decoded.bands.length).toBeGreaterThan(0);
    expect(fetched.queuedUs).toBe(1500);
    expect(fetched.renderUs).toBe(2500);
    // The pixels' buffer went across by transfer, not by copy.
    expect(transferred).toEqual([[fetched.decoded.bands[0]?.data.buffer]]);
  });

  it("asks the window for the socket's address once for many pages", async () => {
    let asked = 0;
    const { client } = joined(answer, () => Promise.resolve(`ws://127.0.0.1:1/p?n=${++asked}`));
    await Promise.all([client.render(ask(1)), client.render(ask(2)), client.render(ask(3))]);
    expect(asked).toBe(1);
  });

  it("turns what the core refuses, and what cannot be decoded, into errors", async () => {
    const { client } = joined((id) =>
      id === 1 ? JSON.stringify({ id, error: { code: "pdfPasswordRequired", message: "locked" } }) : answer(id).slice(0, 40),
    );
    const refused = await client.render(ask(1)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BackendError);
    expect((refused as BackendError).code).toBe("pdfPasswordRequired");
    const broken = await client.render(ask(2)).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(BackendError);
    expect((broken as BackendError).code).toBe("internal");
  });

  it("fails the pages waiting when the address cannot be had", async () => {
    const { client } = joined(answer, () => Promise.reject(new BackendError("internal", "no socket")));
    await expect(client.render(ask(1))).rejects.toThrow("no socket");
  });
});
