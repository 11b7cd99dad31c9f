/**
 * Fetches rendered pages and page text for one open document, sharing
 * requests already in flight and keeping a memory-bounded cache of pages.
 */
import { backend, type PageText } from "./backend";
import { PageCache } from "./pageCache";
import { dropSpare } from "./runs";
import type { Sheet } from "./sheet";

/**
 * Rendered page pixels kept in memory: about sixteen text pages at 150 dpi
 * (only their inked bands are kept), or four pages with ink all over.
 */
const CACHE_BYTES = 40 * 1024 * 1024;
/** Pages larger than this are drawn progressively: a preview, then tiles. */
export const LARGE_PAGE_PIXELS = 12_000_000;
export const TILE = 2048;

export class PageRenderer {
  readonly cache = new PageCache<Sheet>(CACHE_BYTES);
  private inFlight = new Map<string, Promise<Sheet>>();
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
    const key = PageRenderer.key(page, scale);
    const hit = this.cache.get(key);
    if (hit) return Promise.resolve(hit);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = backend
        .renderPage(this.doc, page, scale, undefined, background)
        .then((pixels) => {
          if (!this.closed) this.cache.put(key, pixels);
          return pixels;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * Resolves once `page` at `scale` is in the cache (rendering it now if
   * need be), or after `atMostMs`, whichever comes first; never rejects.
   * A jump waits on this so the page on screen changes once, straight to
   * the new page's pixels, and a slow page is still shown in time.
   */
  ready(page: number, scale: number, atMostMs: number): Promise<void> {
    if (this.cached(page, scale)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, atMostMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.render(page, scale).then(done, done);
    });
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
    dropSpare();
  }
}
