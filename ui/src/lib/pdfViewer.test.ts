import { describe, expect, it } from "vitest";

import { AnnotationHistory } from "./annotationHistory";
import type { Annotation_Deserialize as Annotation } from "./bindings";
import { PageCache } from "./pageCache";
import { cssPerPoint, mergeLines, percentOf, POINTS_TO_CSS, stepZoom, toCss, toPage } from "./pdfGeometry";

const a4 = { width: 595, height: 842 };

describe("geometry", () => {
  it("fits the page width or the whole page into the viewport", () => {
    const viewport = { width: 1032, height: 600 };
    expect(cssPerPoint({ mode: "fitWidth" }, a4, viewport)).toBeCloseTo(1000 / 595);
    expect(cssPerPoint({ mode: "fitPage" }, a4, viewport)).toBeCloseTo(568 / 842);
    expect(percentOf(cssPerPoint({ mode: "percent", value: 1.5 }, a4, viewport))).toBe(150);
  });

  it("clamps zoom to 400%", () => {
    expect(percentOf(cssPerPoint({ mode: "percent", value: 9 }, a4, { width: 800, height: 600 }))).toBe(400);
  });

  it("steps zoom through the fixed levels", () => {
    expect(stepZoom(POINTS_TO_CSS, 1)).toEqual({ mode: "percent", value: 1.1 });
    expect(stepZoom(POINTS_TO_CSS, -1)).toEqual({ mode: "percent", value: 0.9 });
    expect(stepZoom(4 * POINTS_TO_CSS, 1)).toEqual({ mode: "percent", value: 4 });
    expect(stepZoom(0.5 * POINTS_TO_CSS, -1)).toEqual({ mode: "percent", value: 0.5 });
  });

  it("maps screen positions to PDF points with y up, and back", () => {
    const box = { left: 10, top: 20, width: 595 * 2, height: 842 * 2 };
    expect(toPage(10, 20, box, a4)).toEqual({ x: 0, y: 842 });
    const p = toPage(10 + 200, 20 + 1684, box, a4);
    expect(p.x).toBeCloseTo(100);
    expect(p.y).toBeCloseTo(0);
    expect(toCss({ left: 100, bottom: 700, right: 200, top: 742 }, 842, 2)).toEqual({ left: 200, top: 200, width: 200, height: 84 });
  });

  it("merges glyph boxes into one box per line", () => {
    const lines = mergeLines([
      { left: 10, bottom: 700, right: 20, top: 712 },
      { left: 20, bottom: 701, right: 30, top: 711 },
      { left: 10, bottom: 680, right: 40, top: 692 },
    ]);
    expect(lines).toEqual([
      { left: 10, bottom: 700, right: 30, top: 712 },
      { left: 10, bottom: 680, right: 40, top: 692 },
    ]);
  });
});

describe("page cache", () => {
  const img = (w: number, h: number) => {
    const image = { bytes: w * h * 4, closed: false, close: () => (image.closed = true) };
    return image;
  };

  it("drops the least recently used pages beyond its byte budget", () => {
    const cache = new PageCache<ReturnType<typeof img>>(3 * 100 * 100 * 4);
    const [p1, p2, p3, p4] = [img(100, 100), img(100, 100), img(100, 100), img(100, 100)];
    cache.put("1", p1);
    cache.put("2", p2);
    cache.put("3", p3);
    cache.get("1");
    cache.put("4", p4);
    expect(cache.has("2")).toBe(false);
    expect(p2.closed).toBe(true);
    expect(cache.has("1") && cache.has("3") && cache.has("4")).toBe(true);
    expect(cache.bytes).toBe(3 * 100 * 100 * 4);
  });

  it("keeps a single page larger than the budget until the next one", () => {
    const cache = new PageCache<ReturnType<typeof img>>(10);
    cache.put("big", img(100, 100));
    expect(cache.has("big")).toBe(true);
    cache.put("next", img(1, 1));
    expect(cache.has("big")).toBe(false);
  });

  it("does not close a page put again under its key, and counts it once", () => {
    const cache = new PageCache<ReturnType<typeof img>>(2 * 100 * 100 * 4);
    const [p1, p2, p3] = [img(100, 100), img(100, 100), img(100, 100)];
    cache.put("1", p1);
    cache.put("2", p2);
    cache.put("1", p1); // now the most recently used
    expect([p1.closed, cache.bytes]).toEqual([false, 2 * 100 * 100 * 4]);
    cache.put("3", p3);
    expect([cache.has("1"), p2.closed]).toEqual([true, true]);
  });
});

describe("annotation history", () => {
  const ink = (id: string, color = "#000000"): Annotation => ({
    id,
    page: 0,
    color,
    width: 2,
    shape: { type: "ink", strokes: [[{ x: 1, y: 2 }]] },
  });

  it("undoes an addition as a removal and redoes it", () => {
    const h = new AnnotationHistory();
    h.record({ before: null, after: ink("a") });
    expect(h.undo()).toEqual({ before: ink("a"), after: null });
    expect(h.canUndo).toBe(false);
    expect(h.redo()).toEqual({ before: null, after: ink("a") });
  });

  it("a new change clears the redo stack", () => {
    const h = new AnnotationHistory();
    h.record({ before: null, after: ink("a") });
    h.undo();
    h.record({ before: ink("b"), after: ink("b", "#ff0000") });
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toEqual({ before: ink("b", "#ff0000"), after: ink("b") });
  });

  it("forgets the oldest changes beyond its limit", () => {
    const h = new AnnotationHistory(2);
    for (const id of ["a", "b", "c"]) h.record({ before: null, after: ink(id) });
    expect(h.undo()?.before?.id).toBe("c");
    expect(h.undo()?.before?.id).toBe("b");
    expect(h.undo()).toBeNull();
  });
});
