/**
 * A rendered page ready for a canvas: its inked bands as ImageData. Paper is
 * not drawn: a page's canvas stays clear there, over the white sheet behind
 * it, so a text page costs the WebView a quarter of its pixels.
 */
import { recycle } from "./pixelBuffers";
import type { Decoded } from "./runs";

export interface Sheet {
  width: number;
  height: number;
  bands: { x: number; y: number; image: ImageData }[];
  /** Memory the pixels hold. */
  bytes: number;
  /** Called once the sheet is no longer kept or drawn: its pixels may be reused. */
  close?: () => void;
}

export function toSheet({ width, height, bands, buffer }: Decoded): Sheet {
  return {
    width,
    height,
    bands: bands.map((b) => ({ x: b.x, y: b.y, image: new ImageData(b.data, b.width, b.height) })),
    bytes: buffer.byteLength,
    close: () => recycle(buffer),
  };
}

/** Draws `sheet` with its top left at (`dx`, `dy`) onto canvas that is clear there. */
export function paint(ctx: CanvasRenderingContext2D, sheet: Sheet, dx = 0, dy = 0): void {
  for (const band of sheet.bands) ctx.putImageData(band.image, dx + band.x, dy + band.y);
}

/** Sizes `canvas` to `sheet` (which clears it) and draws the sheet. */
export function drawSheet(canvas: HTMLCanvasElement, sheet: Sheet): void {
  canvas.width = sheet.width;
  canvas.height = sheet.height;
  const ctx = canvas.getContext("2d");
  if (ctx) paint(ctx, sheet);
}
