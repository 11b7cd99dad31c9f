/**
 * Timings the viewer records for the benchmark (scripts/bench.sh reads them
 * through WebDriver as `window.__kaigiPerf`). Bounded, so it costs nothing
 * in normal use. A page not yet rendered is shown when its rows on screen
 * are drawn (`page`); `wholePage` marks the rest of it drawn too.
 */
export interface PerfMark {
  what: "firstPage" | "page" | "cachedPage" | "wholePage";
  page: number;
  ms: number;
}

const marks: PerfMark[] = [];
(window as unknown as { __kaigiPerf: PerfMark[] }).__kaigiPerf = marks;

export function mark(what: PerfMark["what"], page: number, since: number): void {
  marks.push({ what, page, ms: performance.now() - since });
  if (marks.length > 2000) marks.splice(0, 1000);
}

/**
 * Where a page's time goes: one entry per step of fetching and drawing it
 * (`start`: from the request until the page view starts drawing, which for
 * a page not yet rendered includes its fetch; `prefetch`: a fetch at
 * background priority; `queued` and `render`: the part of a fetch the page
 * waited in the core, then took to render there).
 */
export interface PerfPhase {
  step: "open" | "start" | "fetch" | "prefetch" | "queued" | "render" | "decode" | "draw";
  ms: number;
}

const phases: PerfPhase[] = [];
(window as unknown as { __kaigiPhases: PerfPhase[] }).__kaigiPhases = phases;

/** Records that `step` took from `since` until now; returns now. */
export function phase(step: PerfPhase["step"], since: number): number {
  const now = performance.now();
  took(step, now - since);
  return now;
}

/** Records that `step` took `ms` (measured elsewhere, by the core say). */
export function took(step: PerfPhase["step"], ms: number): void {
  phases.push({ step, ms });
  if (phases.length > 4000) phases.splice(0, 2000);
}

/**
 * The board drawn `ms` after its data arrived, with `members` people on it:
 * its first frame (a screenful of cards), then complete.
 */
export interface BoardMark {
  what: "firstFrame" | "complete";
  members: number;
  ms: number;
}

const boardMarks: BoardMark[] = [];
(window as unknown as { __kaigiBoard: BoardMark[] }).__kaigiBoard = boardMarks;

export function boardDrawn(what: BoardMark["what"], members: number, since: number): void {
  boardMarks.push({ what, members, ms: performance.now() - since });
  if (boardMarks.length > 200) boardMarks.splice(0, 100);
}

/** A live change drawn on the board: whose, its note, and when (ms since the epoch). */
export interface BoardChange {
  userId: string;
  note: string | null;
  at: number;
}

const boardChanges: BoardChange[] = [];
(window as unknown as { __kaigiBoardChanges: BoardChange[] }).__kaigiBoardChanges = boardChanges;

export function boardChanged(userId: string, note: string | null): void {
  boardChanges.push({ userId, note, at: Date.now() });
  if (boardChanges.length > 2000) boardChanges.splice(0, 1000);
}

/** A followed page on screen: which, and when (ms since the epoch). */
export interface FollowMark {
  page: number;
  at: number;
}

const followMarks: FollowMark[] = [];
(window as unknown as { __kaigiFollow: FollowMark[] }).__kaigiFollow = followMarks;

export function followDrawn(page: number): void {
  followMarks.push({ page, at: Date.now() });
  if (followMarks.length > 400) followMarks.splice(0, 200);
}

const presenterMarks: FollowMark[] = [];
(window as unknown as { __kaigiPresenter: FollowMark[] }).__kaigiPresenter = presenterMarks;

/** The presenter's move reached the window (before the page is drawn). */
export function presenterArrived(page: number): void {
  presenterMarks.push({ page, at: Date.now() });
  if (presenterMarks.length > 400) presenterMarks.splice(0, 200);
}
