/**
 * The viewer's column of pages: where each page sits at a zoom, which pages
 * are near the view, and the scale they render at. Pure, in CSS pixels.
 */
import { LARGE_PAGE_PIXELS } from "./pageRenderer";
import { n, renderScale, type Size } from "./pdfGeometry";

export const A4: Size = { width: 595, height: 842 };
/** Space above, between and below pages, in CSS pixels. */
export const GAP = 12;

/** A page's size in points, A4 where the document gives none. */
export function pageSize([w, h]: [number | null, number | null]): Size {
  return { width: n(w) || A4.width, height: n(h) || A4.height };
}

/** The top of each page at `k` CSS pixels per point, then the column's height. */
export function columnOffsets(sizes: Size[], k: number): number[] {
  const out: number[] = [];
  let y = GAP;
  for (const s of sizes) {
    out.push(y);
    y += s.height * k + GAP;
  }
  out.push(y);
  return out;
}

/** The pages (0-based) that reach into the band from `top` to `bottom`. */
export function pagesWithin(offsets: number[], top: number, bottom: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) {
    if ((offsets[i + 1] ?? 0) > top && (offsets[i] ?? 0) < bottom) out.push(i);
  }
  return out;
}

/** The page (0-based) whose slot holds `y`: the last one starting at or above it. */
export function pageAt(offsets: number[], y: number): number {
  let page = 0;
  while (page + 2 < offsets.length && (offsets[page + 1] ?? 0) <= y) page++;
  return page;
}

/** The rows of a page whose top is at `pageTop` in the column that a view from `scrollTop`, `height` tall, shows (CSS pixels from the page's top). */
export function rowsOnScreen(pageTop: number, scrollTop: number, height: number): { top: number; bottom: number } {
  return { top: scrollTop - pageTop, bottom: scrollTop - pageTop + height };
}

/** Device pixels per point for pages shown at `k`, rounded so cache keys agree. */
export function scaleFor(k: number, devicePixelRatio: number): number {
  return Math.round(renderScale(k, devicePixelRatio) * 1000) / 1000;
}

/** Whether a page this big at `scale` is drawn progressively, as a preview and tiles. */
export function isLarge(size: Size, scale: number): boolean {
  return size.width * scale * size.height * scale > LARGE_PAGE_PIXELS;
}

/** Items grouped by their page number. */
export function groupByPage<T, U>(items: T[], page: (t: T) => number, value: (t: T) => U): Record<number, U[]> {
  const out: Record<number, U[]> = {};
  for (const item of items) (out[page(item)] ??= []).push(value(item));
  return out;
}
