import { describe, expect, it } from "vitest";
import { A4, columnOffsets, GAP, groupByPage, isLarge, pageAt, pageSize, pagesWithin, rowsOnScreen, scaleFor } from "./pageColumn";

describe("the page column", () => {
  it("stacks pages with a gap, and ends with the column's height", () => {
    const offsets = columnOffsets([A4, { width: 842, height: 595 }], 2);
    expect(offsets).toEqual([GAP, GAP + 842 * 2 + GAP, GAP + 842 * 2 + GAP + 595 * 2 + GAP]);
  });

  it("finds the pages reaching into a band, partly or wholly", () => {
    const offsets = columnOffsets([A4, A4, A4, A4], 1);
    expect(pagesWithin(offsets, 0, 100)).toEqual([0]);
    expect(pagesWithin(offsets, 800, 900)).toEqual([0, 1]);
    expect(pagesWithin(offsets, -5000, 5000)).toEqual([0, 1, 2, 3]);
    expect(pagesWithin(offsets, 10_000, 20_000)).toEqual([]);
  });

  it("gives the rows of a page a view shows, from the page's top", () => {
    expect(rowsOnScreen(GAP, 0, 450)).toEqual({ top: -GAP, bottom: 450 - GAP });
    expect(rowsOnScreen(1000, 1300, 450)).toEqual({ top: 300, bottom: 750 });
  });

  it("finds the page at a height in the column, never past the last", () => {
    const offsets = columnOffsets([A4, A4, A4], 1);
    expect(pageAt(offsets, 0)).toBe(0);
    expect(pageAt(offsets, GAP + 842 + GAP - 1)).toBe(0);
    expect(pageAt(offsets, GAP + 842 + GAP)).toBe(1);
    expect(pageAt(offsets, 1e9)).toBe(2);
    expect(pageAt(columnOffsets([], 1), 50)).toBe(0);
  });

  it("takes A4 for a page without a size", () => {
    expect(pageSize([null, null])).toEqual(A4);
    expect(pageSize([300, 400])).toEqual({ width: 300, height: 400 });
  });

  it("rounds the render scale and doubles it on a HiDPI screen", () => {
    expect(scaleFor(1.23456, 1)).toBe(1.235);
    expect(scaleFor(1.5, 2)).toBe(3);
  });

  it("draws only very large pages in tiles", () => {
    expect(isLarge(A4, 150 / 72)).toBe(false);
    expect(isLarge({ width: 14400, height: 14400 }, 1)).toBe(true);
  });

  it("groups items by page", () => {
    expect(groupByPage([{ p: 1, v: "a" }, { p: 0, v: "b" }, { p: 1, v: "c" }], (x) => x.p, (x) => x.v)).toEqual({
      0: ["b"],
      1: ["a", "c"],
    });
  });
});
