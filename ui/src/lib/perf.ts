/**
 * Timings the viewer records for the benchmark (scripts/bench.sh reads them
 * through WebDriver as `window.__kaigiPerf`). Bounded, so it costs nothing
 * in normal use.
 */
export interface PerfMark {
  what: "firstPage" | "page" | "cachedPage";
  page: number;
  ms: number;
}

const marks: PerfMark[] = [];
(window as unknown as { __kaigiPerf: PerfMark[] }).__kaigiPerf = marks;

export function mark(what: PerfMark["what"], page: number, since: number): void {
  marks.push({ what, page, ms: performance.now() - since });
  if (marks.length > 2000) marks.splice(0, 1000);
}

/** Where a page's time goes: one entry per step of fetching and drawing it. */
export interface PerfPhase {
  step: "open" | "fetch" | "decode" | "draw";
  ms: number;
}

const phases: PerfPhase[] = [];
(window as unknown as { __kaigiPhases: PerfPhase[] }).__kaigiPhases = phases;

/** Records that `step` took from `since` until now; returns now. */
export function phase(step: PerfPhase["step"], since: number): number {
  const now = performance.now();
  phases.push({ step, ms: now - since });
  if (phases.length > 4000) phases.splice(0, 2000);
  return now;
}
