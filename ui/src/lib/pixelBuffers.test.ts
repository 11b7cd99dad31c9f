import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { dropBuffers, pixelBuffer, recycle, SPARE_DELAY_MS, SPARE_MIN_PIXELS } from "./pixelBuffers";
import { decodeRuns } from "./runs";
import { paperPage } from "./runsExample";
import { toSheet } from "./sheet";

/** A decoded page as the cache keeps it. */
const page = (shade: number, side = 1024) => toSheet(decodeRuns(paperPage(side, shade)));
const pixels = (sheet: ReturnType<typeof page>) => sheet.bands[0]?.image.data;
const lastShade = (sheet: ReturnType<typeof page>) => pixels(sheet)?.[4 * sheet.width * sheet.height - 4];

describe("pixel buffers", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // jsdom has no canvas: ImageData is a stand-in that keeps the pixels.
    vi.stubGlobal("ImageData", class {
      constructor(readonly data: Uint8ClampedArray, readonly width: number, readonly height: number) {}
    });
    dropBuffers();
  });
  afterEach(() => {
    dropBuffers();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("decodes a later page into the buffer of a page dropped, with only its own pixels", () => {
    const first = page(30);
    const firstBuffer = pixels(first)?.buffer;
    first.close?.();
    vi.advanceTimersByTime(0);
    const second = page(99, 1000);
    expect(pixels(second)?.buffer).toBe(firstBuffer);
    expect([pixels(second)?.[0], lastShade(second)]).toEqual([255, 99]);
  });

  it("gives a buffer back only a turn after its page was dropped, and only once", () => {
    const first = page(30);
    const firstBuffer = pixels(first)?.buffer;
    first.close?.();
    // Within the same turn, code may still hold the page: its pixels must not change.
    const sameTurn = page(40);
    expect(pixels(sameTurn)?.buffer).not.toBe(firstBuffer);
    expect(lastShade(first)).toBe(30);
    // Closing it again (or its copy in a joined page) gives nothing back twice.
    first.close?.();
    vi.advanceTimersByTime(0);
    const [a, b] = [page(50), page(60)];
    expect(pixels(a)?.buffer).toBe(firstBuffer);
    expect(pixels(b)?.buffer).not.toBe(firstBuffer);
    expect([lastShade(a), lastShade(b), lastShade(sameTurn)]).toEqual([50, 60, 40]);
  });

  it("keeps no buffer far larger than the page, and none once the viewer closes", () => {
    const big = page(30, 1024);
    big.close?.();
    vi.advanceTimersByTime(0);
    const small = page(55, 600);
    expect(small.bytes).toBe(600 * 600 * 4);
    const bigBuffer = pixels(big)?.buffer;
    dropBuffers();
    expect(pixels(page(70, 1024))?.buffer).not.toBe(bigBuffer);
    // A buffer on its way back when the viewer closed is let go too.
    const late = page(80, 1024);
    late.close?.();
    dropBuffers();
    vi.advanceTimersByTime(SPARE_DELAY_MS);
    expect(pixels(page(90, 1024))?.buffer).not.toBe(pixels(late)?.buffer);
  });

  it("leaves thumbnails out: they neither take nor give buffers", () => {
    const small = pixelBuffer(SPARE_MIN_PIXELS - 1);
    recycle(small.buffer);
    vi.advanceTimersByTime(0);
    expect(pixelBuffer(SPARE_MIN_PIXELS - 1).buffer).not.toBe(small.buffer);
  });
});
