import { describe, expect, it, vi } from "vitest";
import { dropBuffers, SPARE_DELAY_MS } from "./pixelBuffers";
import { decodeRuns, RunsError } from "./runs";
import { EXAMPLE, paperPage } from "./runsExample";

function buffer(words: number[]): ArrayBuffer {
  return new Uint32Array(words).buffer;
}

const [W, G30, G99] = [[255, 255, 255, 255], [30, 30, 30, 255], [99, 99, 99, 255]];
const [RED, BLUE] = [[200, 10, 10, 255], [10, 10, 200, 255]];

describe("decodeRuns", () => {
  it("decodes the example the Rust encoder writes", () => {
    const page = decodeRuns(buffer(EXAMPLE));
    expect([page.width, page.height]).toEqual([8, 8]);
    expect(page.bands.map(({ x, y, width, height }) => [x, y, width, height])).toEqual([[0, 1, 8, 2], [5, 7, 1, 1]]);
    expect(Array.from(page.bands[0]?.data ?? [])).toEqual([
      ...W, ...G30, ...RED, ...RED, ...RED, ...RED, ...RED, ...RED,
      ...G30, ...W, ...W, ...W, ...W, ...W, ...W, ...BLUE,
    ]);
    expect(Array.from(page.bands[1]?.data ?? [])).toEqual(G99);
  });

  it("decodes a page that starts after the page socket's ask id", () => {
    const answer = decodeRuns(buffer([42, 1, 2, ...EXAMPLE]), 12);
    expect(answer).toEqual(decodeRuns(buffer(EXAMPLE)));
    expect(() => decodeRuns(buffer([42, 1, 2, ...EXAMPLE]))).toThrow(RunsError);
  });

  it("refuses data that is not runs or does not fill its bands", () => {
    const changed = (i: number, word: number) => buffer(EXAMPLE.map((w, j) => (j === i ? word : w)));
    expect(() => decodeRuns(new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer)).toThrow(RunsError);
    expect(() => decodeRuns(changed(0, 0x3258504b))).toThrow(RunsError); // the last format
    expect(() => decodeRuns(changed(16, 0xc0054001))).toThrow(RunsError); // paper 5: one pixel missing
    expect(() => decodeRuns(changed(16, 0xc0074001))).toThrow(RunsError); // overruns the band
    expect(() => decodeRuns(changed(7, 1))).toThrow(RunsError); // the band sticks out on the right
    expect(() => decodeRuns(changed(12, 0))).toThrow(RunsError); // bands out of order
    expect(() => decodeRuns(buffer(EXAMPLE.slice(0, -1)))).toThrow(RunsError);
    expect(() => decodeRuns(buffer([0x3358504b, 8, 1, 0, 3, 1, 99]))).toThrow(RunsError);
  });

  it("decodes a blank page to no bands", () => {
    expect(decodeRuns(buffer([0x3358504b, 1240, 1754, 0, 0, 0, 0]))).toMatchObject({ width: 1240, bands: [] });
  });

  it("never gives two pages the same pixels, with a buffer made ahead or not", () => {
    // A page with one band `side` square: paper, then one grey pixel of the given shade.
    const page = (shade: number, side = 1024) => decodeRuns(paperPage(side, shade));
    const last = (p: ReturnType<typeof page>) => p.bands[0]?.data[4 * p.width * p.height - 4];
    vi.useFakeTimers();
    try {
      const first = page(30);
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      const second = page(99); // takes the spare made meanwhile
      const third = page(30); // before the next spare is made
      const buffers = [first, second, third].map((p) => p.bands[0]?.data.buffer);
      expect(new Set(buffers).size).toBe(3);
      expect([first, second, third].map(last)).toEqual([30, 99, 30]);
      expect(first.bands[0]?.data[0]).toBe(255);
      // The spare has room to spare; the page's buffer says so.
      expect(second.buffer.byteLength).toBeGreaterThan(4 * 1024 * 1024);
      expect(first.buffer.byteLength).toBe(4 * 1024 * 1024);
      // A thumbnail neither takes the page-sized spare nor replaces it.
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      expect(decodeRuns(buffer(EXAMPLE)).buffer.byteLength).toBe(17 * 4);
      // Nor does a page far smaller than the spare: it would hold memory it does not use.
      const small = page(55, 600);
      expect([small.buffer.byteLength, last(small)]).toEqual([600 * 600 * 4, 55]);
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      const spareTaken = page(77, 620);
      expect([spareTaken.buffer.byteLength, last(spareTaken)]).toEqual([4 * Math.ceil(600 * 600 * 1.25), 77]);
      // Once the viewer closes, no spare is kept or made.
      dropBuffers();
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      expect(page(12, 620).buffer.byteLength).toBe(620 * 620 * 4);
    } finally {
      vi.useRealTimers();
    }
  });
});
