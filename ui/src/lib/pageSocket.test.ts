import { describe, expect, it } from "vitest";
import { BackendError } from "./backendError";
import { PageSocket } from "./pageSocket";

/** Stands in for the browser's WebSocket: records what is sent, replays answers. */
class FakeSocket {
  binaryType = "blob";
  sent: { id: number; page: number }[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    queueMicrotask(() => this.onopen?.());
  }
  send(text: string) {
    this.sent.push(JSON.parse(text) as { id: number; page: number });
  }
  page(id: number, fill: number) {
    this.onmessage?.({ data: new Uint32Array([id, 10, 20, fill]).buffer });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  let addressAsked = 0;
  const pages = new PageSocket(
    () => Promise.resolve(`ws://127.0.0.1:1/pages?token=t${++addressAsked}`),
    (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
  );
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { pages, sockets, flush };
}

const ask = (page: number) => ({ doc: 1, page, scale: 2, region: null, background: false });

describe("PageSocket", () => {
  it("matches answers to asks by id, in any order, on one connection", async () => {
    const { pages, sockets, flush } = setup();
    const first = pages.render(ask(0));
    const second = pages.render(ask(5));
    await flush();
    expect(sockets).toHaveLength(1);
    const socket = sockets[0]!;
    expect(socket.binaryType).toBe("arraybuffer");
    expect(socket.sent.map((s) => s.page)).toEqual([0, 5]);
    const [a, b] = socket.sent.map((s) => s.id);
    expect(a).not.toBe(b);
    socket.page(b!, 55);
    socket.page(a!, 11);
    expect(Array.from(new Uint32Array(await first))).toEqual([a, 10, 20, 11]);
    expect(Array.from(new Uint32Array(await second))).toEqual([b, 10, 20, 55]);
  });

  it("rejects an ask the core answers with an error, with its code", async () => {
    const { pages, sockets, flush } = setup();
    const asked = pages.render(ask(3));
    await flush();
    const id = sockets[0]!.sent[0]!.id;
    sockets[0]!.onmessage?.({
      data: JSON.stringify({ id, error: { code: "pdfEngineRestarted", message: "crashed" } }),
    });
    await expect(asked).rejects.toMatchObject({ code: "pdfEngineRestarted" });
  });

  it("fails waiting asks when the connection drops, then reconnects", async () => {
    const { pages, sockets, flush } = setup();
    const asked = pages.render(ask(1));
    await flush();
    sockets[0]!.onclose?.();
    await expect(asked).rejects.toBeInstanceOf(BackendError);
    const again = pages.render(ask(2));
    await flush();
    expect(sockets).toHaveLength(2);
    expect(sockets[1]!.url).toContain("token=t2");
    sockets[1]!.page(sockets[1]!.sent[0]!.id, 7);
    expect(Array.from(new Uint32Array(await again))[3]).toBe(7);
  });

  it("sends an ask on an open connection before render returns", async () => {
    const { pages, sockets, flush } = setup();
    pages.warm();
    await flush();
    const dropped = pages.render(ask(4));
    expect(sockets[0]!.sent.map((s) => s.page)).toEqual([4]);
    sockets[0]!.onclose?.();
    await expect(dropped).rejects.toBeInstanceOf(BackendError);
    const after = pages.render(ask(6));
    expect(sockets[0]!.sent).toHaveLength(1);
    await flush();
    expect(sockets[1]!.sent.map((s) => s.page)).toEqual([6]);
    sockets[1]!.page(sockets[1]!.sent[0]!.id, 9);
    expect(Array.from(new Uint32Array(await after))[3]).toBe(9);
  });

  it("tries again after the address could not be had", async () => {
    let calls = 0;
    const pages = new PageSocket(
      () => (++calls === 1 ? Promise.reject(new BackendError("pdfLibraryMissing", "no")) : Promise.resolve("ws://x")),
      (url) => new FakeSocket(url) as unknown as WebSocket,
    );
    await expect(pages.render(ask(0))).rejects.toMatchObject({ code: "pdfLibraryMissing" });
    pages.warm();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
  });
});
