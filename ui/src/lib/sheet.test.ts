import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeRuns } from "./runs";
import { EXAMPLE } from "./runsExample";
import { paint, toSheet } from "./sheet";

describe("sheet", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("puts each inked band where it lies, offset with the tile", () => {
    // jsdom has no canvas: ImageData and the context are stand-ins that record.
    vi.stubGlobal("ImageData", class {
      constructor(readonly data: Uint8ClampedArray, readonly width: number, readonly height: number) {}
    });
    // The shared example: two bands on an 8 × 8 page.
    const sheet = toSheet(decodeRuns(new Uint32Array(EXAMPLE).buffer));
    expect(sheet.bytes).toBe(17 * 4);
    const put: [number, number, number, number][] = [];
    const ctx = {
      putImageData: (image: ImageData, x: number, y: number) => put.push([x, y, image.width, image.height]),
    } as unknown as CanvasRenderingContext2D;
    paint(ctx, sheet);
    paint(ctx, sheet, 2048, 4096);
    expect(put).toEqual([
      [0, 1, 8, 2],
      [5, 7, 1, 1],
      [2048, 4097, 8, 2],
      [2053, 4103, 1, 1],
    ]);
  });
});
