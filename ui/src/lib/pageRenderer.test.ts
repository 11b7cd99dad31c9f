import { afterEach, describe, expect, it, vi } from "vitest";
import { PageRenderer } from "./pageRenderer";

describe("PageRenderer.whenDrawn", () => {
  afterEach(() => vi.useRealTimers());

  it("waits for that page to be drawn, not another", async () => {
    vi.useFakeTimers();
    const r = new PageRenderer(1);
    let done = false;
    void r.whenDrawn(7).then(() => (done = true));
    r.drew(6);
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(false);
    r.drew(7);
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
  });

  it("answers at once for a page drawn before", async () => {
    const r = new PageRenderer(1);
    r.drew(3);
    await expect(r.whenDrawn(3, 10_000)).resolves.toBeUndefined();
  });

  it("gives up waiting after the limit, so a page that fails holds nothing back", async () => {
    vi.useFakeTimers();
    const r = new PageRenderer(1);
    let done = false;
    void r.whenDrawn(2, 300).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(299);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
