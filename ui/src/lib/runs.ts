/**
 * Decodes a page in the "runs" pixel format that the page socket serves
 * (specified in crates/kaigi-pdf/src/runs/mod.rs). Only the bands of the
 * page that have ink are in it; the rest is paper, which the page's canvas
 * shows by staying clear over a white sheet. Within a band, long runs become
 * native `fill` calls, colour literals one `set`, and only grey text pixels
 * go through a loop. Much faster in WebKit than decoding a PNG.
 */
import { pixelBuffer } from "./pixelBuffers";

const MAGIC = 0x3358504b; // "KPX3"
const HEADER_WORDS = 7;
const KIND_SHIFT = 14;
const COUNT_MASK = (1 << KIND_SHIFT) - 1;
const RUN = 0;
const GREY = 1;
const COLOURS = 2;

export class RunsError extends Error {}

/** One band of a page: where it sits and its pixels, RGBA row by row. */
export interface Band {
  x: number;
  y: number;
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
}

/** A decoded page: its size in pixels and its inked bands; the rest is paper. */
export interface Decoded {
  width: number;
  height: number;
  bands: Band[];
  /** The buffer the bands' pixels are in, which may be a little larger (see `pixelBuffers.ts`). */
  buffer: ArrayBuffer;
}

/** Decodes the image that starts `at` bytes into `buffer` (a multiple of 4). */
export function decodeRuns(buffer: ArrayBuffer, at = 0): Decoded {
  if (buffer.byteLength < at + HEADER_WORDS * 4) throw new RunsError("page data too short");
  const header = Array.from(new Uint32Array(buffer, at, HEADER_WORDS));
  const [magic, width = 0, height = 0, nBands = 0, nOps = 0, nColours = 0, nGrey = 0] = header;
  if (magic !== MAGIC || !width || !height) throw new RunsError("page data is not in the runs format");
  const opsAt = at + 4 * (HEADER_WORDS + 4 * nBands);
  // Ops are two bytes each, padded to a whole word.
  const coloursAt = opsAt + 4 * Math.ceil(nOps / 2);
  const greyAt = coloursAt + 4 * nColours;
  if (greyAt + nGrey > buffer.byteLength) throw new RunsError("page data is not in the runs format");
  const corners = new Uint32Array(buffer, at + 4 * HEADER_WORDS, 4 * nBands);
  const ops = new Uint16Array(buffer, opsAt, nOps);
  const colours = new Uint32Array(buffer, coloursAt, nColours);
  const grey = new Uint8Array(buffer, greyAt, nGrey);
  const place = (b: number) => {
    const [x = 0, y = 0, w = 0, h = 0] = corners.subarray(4 * b, 4 * b + 4);
    return { x, y, width: w, height: h };
  };

  let total = 0;
  let below = 0;
  for (let b = 0; b < nBands; b++) {
    const { x, y, width: w, height: h } = place(b);
    if (x + w > width || y < below || y + h > height) throw new RunsError("a band lies outside the page");
    below = y + h;
    total += w * h;
  }
  const out = pixelBuffer(total);
  let o = 0;
  let c = 0;
  let g = 0;
  for (let i = 0; i < nOps; i++) {
    const op = ops[i] ?? 0;
    const n = op & COUNT_MASK;
    const kind = op >>> KIND_SHIFT;
    if (o + n > total) throw new RunsError("page data overruns its bands");
    if (kind === RUN) {
      out.fill(colours[c++] ?? 0, o, o + n);
    } else if (kind === GREY) {
      for (let j = 0; j < n; j++) out[o + j] = 0xff000000 | ((grey[g + j] ?? 0) * 0x010101);
      g += n;
    } else if (kind === COLOURS) {
      out.set(colours.subarray(c, c + n), o);
      c += n;
    } else {
      out.fill(0xffffffff, o, o + n);
    }
    o += n;
  }
  if (o !== total || c > nColours || g > nGrey) throw new RunsError("page data does not fill its bands");

  const bands: Band[] = [];
  let start = 0;
  for (let b = 0; b < nBands; b++) {
    const band = place(b);
    const n = band.width * band.height;
    if (n > 0) bands.push({ ...band, data: new Uint8ClampedArray(out.buffer, 4 * start, 4 * n) });
    start += n;
  }
  return { width, height, bands, buffer: out.buffer };
}
