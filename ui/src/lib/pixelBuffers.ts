/**
 * Pixel buffers for decoded pages (`runs.ts` decodes into them).
 *
 * **Made ahead.** Making a page's buffer at the moment the page arrives cost
 * about 7 ms in WebKit (the engine collects garbage first), so the page on
 * its way to the screen takes a buffer made earlier (the spare), and the
 * next spare is made a little later.
 *
 * **Given back.** A page dropped from the cache gives its buffer back
 * (`recycle`), and a later page of about its size decodes into it, so paging
 * through a long document leaves few pixels for WebKit to collect (the
 * WebView grew by 73–88 MB over 200 pages with this, 86–87 MB without).
 *
 * **Never shared.** A buffer is handed out to one page at a time: it comes
 * back at most once per hand-out, and only a turn of the event loop after
 * its page was dropped, so code still holding that page within the turn
 * never sees its pixels change. Small images (thumbnails) are cheap to make
 * and take part in neither.
 */

/** Long enough for the page that took the last spare to reach the screen. */
export const SPARE_DELAY_MS = 60;
/** Smaller images (thumbnails) neither take nor give buffers. */
export const SPARE_MIN_PIXELS = 1 << 18;
/** The next spare has room for a page this much inkier than the last. */
const SPARE_ROOM = 1.25;
/** Buffers kept for later pages: about a page dropped per page decoded. */
const POOL_MAX = 4;

let spare: Uint32Array<ArrayBuffer> | null = null;
let making: ReturnType<typeof setTimeout> | undefined;
const pool: Uint32Array<ArrayBuffer>[] = [];
/** Buffers handed out and not given back yet. */
const lent = new WeakSet<ArrayBuffer>();
/** Bumped by `dropBuffers`: buffers on their way back then are let go. */
let generation = 0;

/** A buffer far larger than the page would hold memory the page does not use. */
const fits = (buffer: Uint32Array, pixels: number) => buffer.length >= pixels && buffer.length <= pixels * 2;

/** Takes the smallest kept buffer that fits `pixels`, if any. */
function fromPool(pixels: number): Uint32Array<ArrayBuffer> | null {
  const best = pool.filter((buffer) => fits(buffer, pixels)).sort((a, b) => a.length - b.length)[0];
  if (!best) return null;
  pool.splice(pool.indexOf(best), 1);
  return best;
}

function keep(buffer: Uint32Array<ArrayBuffer>): void {
  pool.push(buffer);
  if (pool.length > POOL_MAX) pool.shift();
}

/** A buffer of at least `pixels` pixels for one page; give it back with `recycle`. */
export function pixelBuffer(pixels: number): Uint32Array<ArrayBuffer> {
  if (pixels < SPARE_MIN_PIXELS) return new Uint32Array(pixels);
  const ready = spare !== null && fits(spare, pixels) ? spare : null;
  if (spare && !ready) keep(spare);
  const out = ready ?? fromPool(pixels) ?? new Uint32Array(pixels);
  spare = null;
  lent.add(out.buffer);
  clearTimeout(making);
  const next = Math.ceil(pixels * SPARE_ROOM);
  const made = generation;
  making = setTimeout(() => {
    if (made === generation) spare = fromPool(next) ?? new Uint32Array(next);
  }, SPARE_DELAY_MS);
  return out;
}

/** Gives back the buffer of a page no longer kept; a later page may decode into it. */
export function recycle(buffer: ArrayBuffer): void {
  if (!lent.delete(buffer)) return;
  const given = generation;
  setTimeout(() => {
    if (given === generation) keep(new Uint32Array(buffer));
  }, 0);
}

/** Lets every buffer kept or made ahead go (the viewer closed): the next page makes its own. */
export function dropBuffers(): void {
  generation += 1;
  clearTimeout(making);
  spare = null;
  pool.length = 0;
}
