import { afterEach, describe, expect, it, vi } from "vitest";
import { backend } from "./backend";
import { EDGE } from "./pageParts";
import { PageRenderer } from "./pageRenderer";
import type { Sheet } from "./sheet";

describe("PageRenderer.whenDrawn", () => {
  afterEach(() => vi.useRealTimers());

  it("waits for that page to be drawn, not another", async () => {
    vi.useFakeTimers();
    const r = new PageRenderer(1);
    let done = false;
    void r.whenDrawn(7).then(() => (done = true));
    r.drew(6);
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(false);
    r.drew(7);
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
  });

  it("answers at once for a page drawn before", async () => {
    const r = new PageRenderer(1);
    r.drew(3);
    await expect(r.whenDrawn(3, 10_000)).resolves.toBeUndefined();
  });

  it("gives up waiting after the limit, so a page that fails holds nothing back", async () => {
    vi.useFakeTimers();
    const r = new PageRenderer(1);
    let done = false;
    void r.whenDrawn(2, 300).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(299);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});

describe("PageRenderer.ready", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const pixels: Sheet = { width: 2, height: 1, bands: [], bytes: 0 };

  /** A render that finishes when the test says so. */
  function pendingRender() {
    let finish!: (outcome: "ok" | "fail") => void;
    const render = vi.spyOn(backend, "renderPage").mockImplementation(
      () => new Promise((resolve, reject) => (finish = (o) => (o === "ok" ? resolve(pixels) : reject(new Error("bad page"))))),
    );
    return { render, finish: (o: "ok" | "fail") => finish(o) };
  }

  it("waits for the page's pixels, then has them cached", async () => {
    vi.useFakeTimers();
    const { render, finish } = pendingRender();
    const r = new PageRenderer(1);
    let done = false;
    void r.ready(4, 2, 150).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(false);
    finish("ok");
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
    expect(r.cached(4, 2)).toBe(pixels);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it("stops waiting after the limit for a slow page", async () => {
    vi.useFakeTimers();
    pendingRender();
    const r = new PageRenderer(1);
    let done = false;
    void r.ready(4, 2, 150).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(149);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it("resolves, not rejects, when the page fails, and shares the render with the page view", async () => {
    const { render, finish } = pendingRender();
    const r = new PageRenderer(1);
    const waiting = r.ready(4, 2, 10_000);
    const view = r.render(4, 2);
    finish("fail");
    await expect(waiting).resolves.toBeUndefined();
    await expect(view).rejects.toThrow("bad page");
    expect(render).toHaveBeenCalledTimes(1);
  });

  it("answers at once for a cached page, without a render", async () => {
    const { render, finish } = pendingRender();
    const r = new PageRenderer(1);
    const first = r.render(4, 2);
    finish("ok");
    await first;
    await expect(r.ready(4, 2, 10_000)).resolves.toBeUndefined();
    expect(render).toHaveBeenCalledTimes(1);
  });
});

describe("PageRenderer.parts", () => {
  afterEach(() => vi.restoreAllMocks());

  type Region = { x: number; y: number; w: number; h: number } | undefined;

  /** Renders that finish when the test says, each a sheet as tall as the rows asked for. */
  function regionRenders() {
    const asked: Region[] = [];
    const finish: (() => void)[] = [];
    vi.spyOn(backend, "renderPage").mockImplementation((_doc, _page, _scale, region?: Region) => {
      asked.push(region);
      return new Promise((resolve) => finish.push(() => resolve({ width: 50, height: region?.h ?? 1000, bands: [], bytes: 1 })));
    });
    return { asked, finish };
  }

  const flush = () => new Promise((r) => setTimeout(r, 0));

  it("asks for the rows on screen at once, then the rest, and caches the whole page", async () => {
    const { asked, finish } = regionRenders();
    const r = new PageRenderer(1);
    const seen: number[] = [];
    const whole = r.parts(4, 2, { top: 100, bottom: 300, pageHeight: 1000 }, (p) => seen.push(p.y));
    expect(asked).toEqual([{ x: 0, y: 100, w: EDGE, h: 200 }]);
    let shown = false;
    void r.ready(4, 2, 10_000).then(() => (shown = true));

    finish[0]!();
    await flush();
    expect(seen).toEqual([100]);
    expect(shown).toBe(true);
    expect(asked.slice(1)).toEqual([
      { x: 0, y: 0, w: EDGE, h: 100 },
      { x: 0, y: 300, w: EDGE, h: 700 },
    ]);
    // A page view that comes later is given the parts in so far, then the rest.
    const late: number[] = [];
    void r.parts(4, 2, null, (p) => late.push(p.y));
    expect(late).toEqual([100]);

    finish[2]!();
    finish[1]!();
    const sheet = await whole;
    expect(seen).toEqual([100, 300, 0]);
    expect(late).toEqual([100, 300, 0]);
    expect(sheet).toMatchObject({ width: 50, height: 1000, bytes: 3 });
    expect(r.cached(4, 2)).toBe(sheet);
    expect(asked).toHaveLength(3);
  });

  it("asks for a page whole without rows to start from", async () => {
    const { asked, finish } = regionRenders();
    const r = new PageRenderer(1);
    const seen: number[] = [];
    const whole = r.parts(2, 2, null, (p) => seen.push(p.y));
    finish[0]!();
    await expect(whole).resolves.toMatchObject({ height: 1000 });
    expect(asked).toEqual([undefined]);
    expect(seen).toEqual([0]);
  });
});
