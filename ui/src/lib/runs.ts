/**
 * Decodes a page in the "runs" pixel format that the page socket serves
 * (specified in crates/kaigi-pdf/src/runs.rs): long runs become native
 * `fill` calls, colour literals one `set`, and only grey text pixels go
 * through a loop. Much faster in WebKit than decoding a PNG.
 */
const MAGIC = 0x3158504b; // "KPX1"
const HEADER_WORDS = 6;
const COUNT_MASK = 0x3fffffff;
const RUN = 0;
const GREY = 1;
const COLOURS = 2;

export class RunsError extends Error {}

/** Decoded pixels, RGBA: what `new ImageData(data, width, height)` takes. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
}

/**
 * A pixel buffer made ahead, while the window is idle. Making an 8 MB buffer
 * at the moment a page arrives cost about 7 ms in WebKit (the engine collects
 * garbage first); the page on its way to the screen takes the one made
 * earlier, and the next one is made a little later (pages only: thumbnails
 * are small). Each buffer is handed out once and never reused, so no two
 * pages share pixels.
 */
let spare: Uint32Array<ArrayBuffer> | null = null;
let making: ReturnType<typeof setTimeout> | undefined;
/** Long enough for the page that took the last spare to reach the screen. */
export const SPARE_DELAY_MS = 60;
/** Smaller images (thumbnails) are cheap to make and keep no spare. */
export const SPARE_MIN_PIXELS = 1 << 20;

function pixelBuffer(total: number): Uint32Array<ArrayBuffer> {
  if (total < SPARE_MIN_PIXELS) return new Uint32Array(total);
  const out = spare?.length === total ? spare : new Uint32Array(total);
  spare = null;
  clearTimeout(making);
  making = setTimeout(() => {
    spare = new Uint32Array(total);
  }, SPARE_DELAY_MS);
  return out;
}

/** Decodes the image that starts `at` bytes into `buffer` (a multiple of 4). */
export function decodeRuns(buffer: ArrayBuffer, at = 0): Pixels {
  if (buffer.byteLength < at + HEADER_WORDS * 4) throw new RunsError("page data too short");
  const header = new Uint32Array(buffer, at, HEADER_WORDS);
  const [magic, width, height, nOps, nColours, nGrey] = Array.from(header);
  if (nGrey === undefined || nOps === undefined || nColours === undefined || !width || !height) {
    throw new RunsError("page data is not in the runs format");
  }
  const greyAt = at + 4 * (HEADER_WORDS + nOps + nColours);
  if (magic !== MAGIC || greyAt + nGrey > buffer.byteLength) {
    throw new RunsError("page data is not in the runs format");
  }
  const ops = new Uint32Array(buffer, at + HEADER_WORDS * 4, nOps);
  const colours = new Uint32Array(buffer, at + HEADER_WORDS * 4 + 4 * nOps, nColours);
  const grey = new Uint8Array(buffer, greyAt, nGrey);
  const total = width * height;
  const out = pixelBuffer(total);
  let o = 0;
  let c = 0;
  let g = 0;
  for (let i = 0; i < nOps; i++) {
    const op = ops[i] ?? 0;
    const n = op & COUNT_MASK;
    const kind = op >>> 30;
    if (o + n > total) throw new RunsError("page data overruns the page");
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
  if (o !== total || c > nColours || g > nGrey) throw new RunsError("page data does not fill the page");
  return { width, height, data: new Uint8ClampedArray(out.buffer) };
}
