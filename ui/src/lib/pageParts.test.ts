import { describe, expect, it } from "vitest";
import { firstRows, joinParts, pixelSize, restRows } from "./pageParts";
import type { Sheet } from "./sheet";

const A4 = { width: 595, height: 842 };
const DPI_150 = 150 / 72;

describe("page parts", () => {
  it("sizes a page in pixels as the core does", () => {
    // The core's own cases (kaigi_pdf::document::pixel_size).
    expect(pixelSize(A4, 2)).toEqual({ width: 1190, height: 1684 });
    expect(pixelSize({ width: 14400, height: 14400 }, 4)).toEqual({ width: 16384, height: 16384 });
    expect(pixelSize({ width: 0.1, height: 0.1 }, 1)).toEqual({ width: 1, height: 1 });
    expect(pixelSize(A4, DPI_150)).toEqual({ width: 1240, height: 1754 });
  });

  it("asks first for the rows on screen, in device pixels", () => {
    // 156% zoom: 150/72 device pixels per point, 150/72 CSS pixels per point.
    const k = DPI_150;
    expect(firstRows({ top: -12, bottom: 438 }, A4, k, DPI_150)).toEqual({ top: 0, bottom: 438, pageHeight: 1754 });
    // Twice the device pixels per CSS pixel (HiDPI).
    expect(firstRows({ top: 100.5, bottom: 300.2 }, A4, k / 2, DPI_150)).toEqual({ top: 201, bottom: 601, pageHeight: 1754 });
    expect(firstRows({ top: 1500, bottom: 2000 }, A4, k, DPI_150)).toEqual({ top: 1500, bottom: 1754, pageHeight: 1754 });
  });

  it("asks for the page whole when none or most of it is on screen", () => {
    expect(firstRows(null, A4, 1, DPI_150)).toBeNull();
    expect(firstRows({ top: 1800, bottom: 2200 }, A4, DPI_150, DPI_150)).toBeNull();
    expect(firstRows({ top: -300, bottom: -10 }, A4, DPI_150, DPI_150)).toBeNull();
    expect(firstRows({ top: 0, bottom: 1400 }, A4, DPI_150, DPI_150)).toBeNull();
  });

  it("leaves the rows above and below for after", () => {
    expect(restRows({ top: 0, bottom: 438 }, 1754)).toEqual([{ top: 438, bottom: 1754 }]);
    expect(restRows({ top: 500, bottom: 900 }, 1754)).toEqual([
      { top: 0, bottom: 500 },
      { top: 900, bottom: 1754 },
    ]);
    expect(restRows({ top: 1500, bottom: 1754 }, 1754)).toEqual([{ top: 0, bottom: 1500 }]);
  });

  it("joins the parts into the whole page, bands where they belong", () => {
    const image = { width: 1, height: 1 } as ImageData;
    const part = (height: number, bandY: number, bytes: number): Sheet => ({
      width: 40,
      height,
      bands: [{ x: 3, y: bandY, image }],
      bytes,
    });
    const whole = joinParts([
      { sheet: part(30, 5, 100), y: 20 },
      { sheet: part(20, 0, 50), y: 0 },
      { sheet: part(50, 49, 70), y: 50 },
    ]);
    expect(whole).toMatchObject({ width: 40, height: 100, bytes: 220 });
    expect(whole.bands.map((b) => [b.x, b.y])).toEqual([
      [3, 25],
      [3, 0],
      [3, 99],
    ]);
  });
});
