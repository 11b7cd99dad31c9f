/**
 * Rendered pages kept in memory, bounded by their pixel bytes. The least
 * recently used page is dropped first, and closed: its pixels may be reused.
 */
export interface CachedImage {
  /** Memory the image holds. */
  bytes: number;
  close?: () => void;
}

export class PageCache<T extends CachedImage> {
  private entries = new Map<string, T>();
  private used = 0;

  constructor(readonly budgetBytes: number) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): T | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert to mark as most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  put(key: string, image: T): void {
    const old = this.entries.get(key);
    if (old === image) {
      this.get(key);
      return;
    }
    if (old) this.drop(key, old);
    this.entries.set(key, image);
    this.used += image.bytes;
    for (const [k, v] of this.entries) {
      if (this.used <= this.budgetBytes || k === key) break;
      this.drop(k, v);
    }
  }

  clear(): void {
    for (const [k, v] of this.entries) this.drop(k, v);
  }

  private drop(key: string, image: T): void {
    this.entries.delete(key);
    this.used -= image.bytes;
    image.close?.();
  }
}
