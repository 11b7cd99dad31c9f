/**
 * A page not yet rendered arrives in parts: first the rows the reader can
 * see, then the rest of the page. The rows on screen are a fraction of a
 * page at reading zoom (a quarter of an A4 page at 150 dpi on a laptop), so
 * they take a fraction of the time to render, send and draw; the rest
 * follows while the reader starts on them. Pure, in device pixels.
 */
import type { Size } from "./pdfGeometry";
import type { Sheet } from "./sheet";

/** Rows of a page in device pixels: `top` inclusive, `bottom` exclusive. */
export interface Rows {
  top: number;
  bottom: number;
}

/** The rows to render first, and the page's height in pixels. */
export interface FirstRows extends Rows {
  pageHeight: number;
}

/** A piece of a page: its pixels, and the page row where they start. */
export interface Part {
  sheet: Sheet;
  y: number;
}

/** A region's width or height that means "to the page's edge" (the core clips it). */
export const EDGE = 0xffff_ffff;
/** The core's largest page side in pixels; larger pages are scaled down to fit. */
const MAX_SIDE_PX = 16384;
/** Rows on screen beyond this share of the page: the page comes whole. */
const MOSTLY = 0.75;

/**
 * A page's size in pixels at `scale` pixels per point, exactly as the core
 * computes it (`kaigi_pdf::document::pixel_size`, in single precision).
 */
export function pixelSize(page: Size, scale: number): { width: number; height: number } {
  const f = Math.fround;
  const [w, h, s] = [f(page.width), f(page.height), f(scale)];
  const fit = Math.min(f(MAX_SIDE_PX / f(w * s)), f(MAX_SIDE_PX / f(h * s)), 1);
  const px = (pt: number) => Math.max(1, Math.round(f(f(pt * s) * fit)));
  return { width: px(w), height: px(h) };
}

/**
 * The rows to render first: those of `onScreen` (CSS pixels from the page's
 * top, at `k` CSS pixels per point) at `scale` pixels per point. `null`
 * when the page should come whole: none of it is on screen, or most of it is.
 */
export function firstRows(onScreen: Rows | null, page: Size, k: number, scale: number): FirstRows | null {
  if (!onScreen || k <= 0) return null;
  const { height } = pixelSize(page, scale);
  const perCss = scale / k;
  const top = Math.max(0, Math.floor(onScreen.top * perCss));
  const bottom = Math.min(height, Math.ceil(onScreen.bottom * perCss));
  if (bottom <= top || bottom - top >= height * MOSTLY) return null;
  return { top, bottom, pageHeight: height };
}

/** The rows of a page `height` pixels tall left to render after `first`, above it then below. */
export function restRows(first: Rows, height: number): Rows[] {
  const rest: Rows[] = [];
  if (first.top > 0) rest.push({ top: 0, bottom: first.top });
  if (first.bottom < height) rest.push({ top: first.bottom, bottom: height });
  return rest;
}

/** The whole page from its parts, which together cover it. */
export function joinParts(parts: Part[]): Sheet {
  const width = Math.max(0, ...parts.map((p) => p.sheet.width));
  const height = Math.max(0, ...parts.map((p) => p.y + p.sheet.height));
  return {
    width,
    height,
    bands: parts.flatMap((p) => p.sheet.bands.map((b) => ({ ...b, y: b.y + p.y }))),
    bytes: parts.reduce((sum, p) => sum + p.sheet.bytes, 0),
    close: () => {
      for (const p of parts) p.sheet.close?.();
    },
  };
}
