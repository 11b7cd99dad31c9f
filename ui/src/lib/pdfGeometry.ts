/**
 * Geometry of the PDF viewer. Pages are measured in PDF points with the origin
 * at the bottom-left (as the core stores annotations); the screen in CSS
 * pixels from the top-left. `cssPerPoint` is the zoom: 1 at 75% (1 pt = 1 px),
 * 96/72 at 100% (a page shown at its printed size on a 96 dpi screen).
 */
import type { Rect } from "./bindings";

export const POINTS_TO_CSS = 96 / 72;
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 4;
export const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4];

export type Zoom = { mode: "fitWidth" } | { mode: "fitPage" } | { mode: "percent"; value: number };

export interface Size {
  width: number;
  height: number;
}

/** CSS pixels per PDF point for `zoom`, fitting `page` into `viewport` when asked. */
export function cssPerPoint(zoom: Zoom, page: Size, viewport: Size): number {
  const margin = 32;
  const fitWidth = Math.max(100, viewport.width - margin) / page.width;
  let k: number;
  if (zoom.mode === "fitWidth") k = fitWidth;
  else if (zoom.mode === "fitPage") k = Math.min(fitWidth, Math.max(100, viewport.height - margin) / page.height);
  else k = zoom.value * POINTS_TO_CSS;
  return Math.min(MAX_ZOOM * POINTS_TO_CSS, Math.max(MIN_ZOOM * POINTS_TO_CSS * 0.25, k));
}

/** The zoom as a percentage of printed size, for display. */
export function percentOf(k: number): number {
  return Math.round((k / POINTS_TO_CSS) * 100);
}

/** The next zoom step up (+1) or down (-1) from the current scale. */
export function stepZoom(k: number, direction: 1 | -1): Zoom {
  const current = k / POINTS_TO_CSS;
  const steps = direction > 0 ? ZOOM_STEPS.filter((s) => s > current + 0.001) : ZOOM_STEPS.filter((s) => s < current - 0.001).reverse();
  const value = steps[0] ?? (direction > 0 ? MAX_ZOOM : MIN_ZOOM);
  return { mode: "percent", value };
}

/** Device pixels per point to render at: the zoom times the screen's density. */
export function renderScale(k: number, devicePixelRatio: number): number {
  return Math.min(16, k * Math.max(1, devicePixelRatio));
}

/** A point on the page (PDF points, y up) from a position in the page's box on screen. */
export function toPage(clientX: number, clientY: number, box: DOMRect | { left: number; top: number; width: number; height: number }, page: Size) {
  return {
    x: ((clientX - box.left) / box.width) * page.width,
    y: page.height - ((clientY - box.top) / box.height) * page.height,
  };
}

/** A page rectangle in CSS pixels from the page's top-left, at scale `k`. */
export function toCss(r: Rect, pageHeight: number, k: number) {
  const left = n(r.left), right = n(r.right), top = n(r.top), bottom = n(r.bottom);
  return { left: left * k, top: (pageHeight - top) * k, width: (right - left) * k, height: (top - bottom) * k };
}

/** Generated IPC types mark floats nullable (NaN travels as null); treat null as 0. */
export function n(v: number | null | undefined): number {
  return v ?? 0;
}

/** Merges per-glyph rectangles into one rectangle per line (same vertical band). */
export function mergeLines(rects: Rect[]): Rect[] {
  const sorted = [...rects].sort((a, b) => n(b.top) - n(a.top) || n(a.left) - n(b.left));
  const lines: Rect[] = [];
  for (const r of sorted) {
    const last = lines[lines.length - 1];
    const mid = (n(r.top) + n(r.bottom)) / 2;
    if (last && mid < n(last.top) && mid > n(last.bottom)) {
      last.left = Math.min(n(last.left), n(r.left));
      last.right = Math.max(n(last.right), n(r.right));
      last.top = Math.max(n(last.top), n(r.top));
      last.bottom = Math.min(n(last.bottom), n(r.bottom));
    } else {
      lines.push({ ...r });
    }
  }
  return lines;
}
