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
