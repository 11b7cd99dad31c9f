import { describe, expect, it, vi } from "vitest";
import { decodeRuns, RunsError, SPARE_DELAY_MS } from "./runs";

/** The example `encodes_the_shared_example_exactly` in crates/kaigi-pdf/src/runs.rs encodes. */
const EXAMPLE = [0x3158504b, 8, 1, 3, 1, 1, 0xc0000006, 0x40000001, 0x80000001, 0xff0a0ac8, 30];

function buffer(words: number[]): ArrayBuffer {
  return new Uint32Array(words).buffer;
}

describe("decodeRuns", () => {
  it("decodes the example the Rust encoder writes", () => {
    const image = decodeRuns(buffer(EXAMPLE));
    expect([image.width, image.height]).toEqual([8, 1]);
    const white = [255, 255, 255, 255];
    expect(Array.from(image.data)).toEqual([
      ...white, ...white, ...white, ...white, ...white, ...white,
      30, 30, 30, 255,
      200, 10, 10, 255,
    ]);
  });

  it("decodes a page that starts after the page socket's ask id", () => {
    const answer = decodeRuns(buffer([42, 1, 2, ...EXAMPLE]), 12);
    expect(answer).toEqual(decodeRuns(buffer(EXAMPLE)));
    expect(() => decodeRuns(buffer([42, 1, 2, ...EXAMPLE]))).toThrow(RunsError);
  });

  it("refuses data that is not runs or does not fill the page", () => {
    expect(() => decodeRuns(new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer)).toThrow(RunsError);
    const short = [...EXAMPLE];
    short[6] = 0xc0000005; // paper 5: one pixel missing
    expect(() => decodeRuns(buffer(short))).toThrow(RunsError);
    const long = [...EXAMPLE];
    long[6] = 0xc0000007; // overruns the 8 pixels
    expect(() => decodeRuns(buffer(long))).toThrow(RunsError);
    expect(() => decodeRuns(buffer([0x3158504b, 8, 1, 3, 1, 99]))).toThrow(RunsError);
  });

  it("never gives two pages the same pixels, with a buffer made ahead or not", () => {
    // A page-sized image: paper, then one grey pixel of the given shade.
    const side = 1024;
    const page = (shade: number) =>
      decodeRuns(buffer([0x3158504b, side, side, 2, 0, 1, 0xc0000000 | (side * side - 1), 0x40000001, shade]));
    const last = 4 * side * side - 4;
    vi.useFakeTimers();
    try {
      const first = page(30);
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      const second = page(99); // takes the spare made meanwhile
      const third = page(30); // before the next spare is made
      expect(new Set([first.data.buffer, second.data.buffer, third.data.buffer]).size).toBe(3);
      expect([first.data[last], second.data[last], third.data[last]]).toEqual([30, 99, 30]);
      expect(first.data[0]).toBe(255);
      // A thumbnail neither takes the page-sized spare nor replaces it.
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      expect(decodeRuns(buffer(EXAMPLE)).data.length).toBe(8 * 4);
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      expect(page(77).data[last]).toBe(77);
    } finally {
      vi.useRealTimers();
    }
  });
});
