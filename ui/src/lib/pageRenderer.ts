/**
 * Fetches rendered pages and page text for one open document, sharing
 * requests already in flight and keeping a memory-bounded cache of pages.
 * A page the reader waits for can come in parts, the rows on screen first
 * (see `pageParts.ts`).
 */
import { backend, type PageText } from "./backend";
import { PageCache } from "./pageCache";
import { EDGE, type FirstRows, joinParts, type Part, restRows, type Rows } from "./pageParts";
import { dropBuffers } from "./pixelBuffers";
import type { Sheet } from "./sheet";

/**
 * Rendered page pixels kept in memory: about sixteen text pages at 150 dpi
 * (only their inked bands are kept), or four pages with ink all over.
 */
const CACHE_BYTES = 40 * 1024 * 1024;
/** Pages larger than this are drawn progressively: a preview, then tiles. */
export const LARGE_PAGE_PIXELS = 12_000_000;
export const TILE = 2048;

/** A page on its way: the parts in so far, who wants each next one, and the whole page. */
interface Job {
  parts: Part[];
  listeners: Set<(part: Part) => void>;
  whole: Promise<Sheet>;
}

export class PageRenderer {
  readonly cache = new PageCache<Sheet>(CACHE_BYTES);
  private inFlight = new Map<string, Job>();
  private texts = new Map<number, Promise<PageText>>();
  private closed = false;
  private firstDrawn!: () => void;
  /** Resolves once the first page is on screen; background work waits for it. */
  readonly settled = new Promise<void>((resolve) => (this.firstDrawn = resolve));
  private drawnPages = new Set<number>();
  private waiting = new Map<number, (() => void)[]>();

  constructor(readonly doc: number) {}

  /** Called by the page view after it drew `page`. */
  drew(page: number): void {
    this.firstDrawn();
    this.drawnPages.add(page);
    for (const resolve of this.waiting.get(page) ?? []) resolve();
    this.waiting.delete(page);
  }

  /**
   * Resolves once `page` has been drawn, or after `atMostMs`: work that
   * follows a page (its thumbnail scrolled into view, its neighbours
   * prefetched) keeps the WebView free while the page is on its way.
   */
  whenDrawn(page: number, atMostMs = 500): Promise<void> {
    if (this.drawnPages.has(page)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, atMostMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiting.set(page, [...(this.waiting.get(page) ?? []), done]);
    });
  }

  static key(page: number, scale: number): string {
    return `${page}@${scale.toFixed(3)}`;
  }

  cached(page: number, scale: number): Sheet | undefined {
    return this.cache.get(PageRenderer.key(page, scale));
  }

  /** The page at `scale`, from the cache or rendered now. */
  render(page: number, scale: number, background = false): Promise<Sheet> {
    const hit = this.cached(page, scale);
    return hit ? Promise.resolve(hit) : this.job(page, scale, null, background).whole;
  }

  /**
   * The page at `scale` as it arrives: `onPart` gets each part (at once,
   * those already in; all of it at once from the cache). A page not yet
   * asked for comes as `first` (rows on screen), then the rest; `null`
   * asks for it whole. Resolves to the whole page, then in the cache.
   */
  parts(page: number, scale: number, first: FirstRows | null, onPart: (part: Part) => void): Promise<Sheet> {
    const hit = this.cached(page, scale);
    if (hit) {
      onPart({ sheet: hit, y: 0 });
      return Promise.resolve(hit);
    }
    const job = this.job(page, scale, first, false);
    for (const part of job.parts) onPart(part);
    job.listeners.add(onPart);
    return job.whole.finally(() => job.listeners.delete(onPart));
  }

  /**
   * Resolves once the first part of `page` at `scale` is in (asking for it
   * now, `first` rows first, if need be), or after `atMostMs`, whichever
   * comes first; never rejects. A jump waits on this so the page on screen
   * changes once, straight to the new page's pixels, and a slow page is
   * still shown in time.
   */
  ready(page: number, scale: number, atMostMs: number, first: FirstRows | null = null): Promise<void> {
    if (this.cached(page, scale)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, atMostMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.parts(page, scale, first, done).then(done, done);
    });
  }

  private job(page: number, scale: number, first: FirstRows | null, background: boolean): Job {
    const key = PageRenderer.key(page, scale);
    const running = this.inFlight.get(key);
    if (running) return running;
    const parts: Part[] = [];
    const listeners = new Set<(part: Part) => void>();
    const arrived = (part: Part) => {
      if (this.closed) return;
      parts.push(part);
      for (const listener of [...listeners]) listener(part);
    };
    const whole = this.fetch(page, scale, first, background, arrived)
      .then((sheet) => {
        if (!this.closed) this.cache.put(key, sheet);
        return sheet;
      })
      .finally(() => this.inFlight.delete(key));
    const job = { parts, listeners, whole };
    this.inFlight.set(key, job);
    return job;
  }

  /** Renders the page, `first` rows first; each part goes to `arrived` as it comes. */
  private async fetch(
    page: number,
    scale: number,
    first: FirstRows | null,
    background: boolean,
    arrived: (part: Part) => void,
  ): Promise<Sheet> {
    if (!first) {
      const sheet = await backend.renderPage(this.doc, page, scale, undefined, background);
      arrived({ sheet, y: 0 });
      return sheet;
    }
    const rows = (r: Rows) => backend.renderPage(this.doc, page, scale, { x: 0, y: r.top, w: EDGE, h: r.bottom - r.top });
    const head = { sheet: await rows(first), y: first.top };
    arrived(head);
    const rest = await Promise.all(
      restRows(first, first.pageHeight).map(async (r) => {
        const part = { sheet: await rows(r), y: r.top };
        arrived(part);
        return part;
      }),
    );
    return joinParts([head, ...rest]);
  }

  /** One tile of a large page; not cached (tiles are redrawn on demand). */
  async tile(page: number, scale: number, x: number, y: number, w: number, h: number): Promise<Sheet> {
    return backend.renderPage(this.doc, page, scale, { x, y, w, h });
  }

  /** Renders `pages` into the cache one after another, ignoring failures. */
  async prefetch(pages: number[], scale: number): Promise<void> {
    for (const page of pages) {
      if (this.closed) return;
      if (this.cache.has(PageRenderer.key(page, scale))) continue;
      await this.render(page, scale, true).catch(() => undefined);
    }
  }

  text(page: number): Promise<PageText> {
    let text = this.texts.get(page);
    if (!text) {
      text = backend.pageText(this.doc, page);
      text.catch(() => this.texts.delete(page));
      this.texts.set(page, text);
    }
    return text;
  }

  close(): void {
    this.closed = true;
    this.cache.clear();
    dropBuffers();
  }
}
