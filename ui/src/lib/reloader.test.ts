import { describe, expect, it } from "vitest";
import { reloader } from "./reloader";

/** A load whose runs finish only when the test says so. */
function gatedLoad() {
  const gates: (() => void)[] = [];
  let active = 0;
  let overlapped = false;
  const load = () => {
    active += 1;
    overlapped ||= active > 1;
    return new Promise<void>((done) =>
      gates.push(() => {
        active -= 1;
        done();
      }),
    );
  };
  const finishRun = async () => {
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { load, gates, finishRun, overlapped: () => overlapped };
}

describe("reloader", () => {
  it("runs once more after calls made during a run, never two at once", async () => {
    const g = gatedLoad();
    const reload = reloader(g.load);
    const first = reload();
    expect(g.gates).toHaveLength(1);
    // Three changes arrive while the first run reads: one more run covers them.
    const during = [reload(), reload(), reload()];
    expect(g.gates).toHaveLength(1);
    await g.finishRun();
    expect(g.gates).toHaveLength(1);
    await g.finishRun();
    expect(g.gates).toHaveLength(0);
    await Promise.all([first, ...during]);
    expect(g.overlapped()).toBe(false);
  });

  it("runs again for a call made after the last run ended", async () => {
    const g = gatedLoad();
    const reload = reloader(g.load);
    const first = reload();
    await g.finishRun();
    await first;
    const second = reload();
    expect(g.gates).toHaveLength(1);
    await g.finishRun();
    await second;
    expect(g.gates).toHaveLength(0);
  });

  it("starts afresh after a run that failed", async () => {
    let calls = 0;
    const reload = reloader(async () => {
      calls += 1;
      if (calls === 1) throw new Error("offline");
    });
    await expect(reload()).rejects.toThrow("offline");
    await reload();
    expect(calls).toBe(2);
  });
});
