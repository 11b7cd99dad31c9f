/** The meeting list's pure logic: grouping, and dates as the form and the list show them. */
import type { MeetingSummary, When } from "./bindings";

/** A page of a material to open with a word highlighted: a search hit. */
export type MaterialFind = { eventId: string; page: number; query: string };

export const WHENS: readonly When[] = ["today", "upcoming", "past"];

/** The meetings of each part of the list, in the order the core gave them. */
export function byWhen(meetings: readonly MeetingSummary[]): Record<When, MeetingSummary[]> {
  const parts: Record<When, MeetingSummary[]> = { today: [], upcoming: [], past: [] };
  for (const m of meetings) parts[m.when].push(m);
  return parts;
}

/** A local date (`YYYY-MM-DD`) and time (`hh:mm`) as milliseconds since the epoch; `null` when either is not one. */
export function localMoment(date: string, time: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!d || !t) return null;
  const at = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (at.getMonth() !== Number(d[2]) - 1 || Number(t[1]) > 23 || Number(t[2]) > 59) return null;
  return at.getTime();
}

/** One per line, or also separated by commas when `commas`; blanks dropped. */
export function lines(text: string, commas = true): string[] {
  return text
    .split(commas ? /[\n,、]/ : /\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** "11/24 10:00–12:00" in local time; empty when a time is missing. */
export function timeRange(startsAt: number | null, endsAt: number | null): string {
  if (startsAt === null || endsAt === null) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  const s = new Date(startsAt);
  const e = new Date(endsAt);
  const day = (d: Date) => `${d.getMonth() + 1}/${d.getDate()}`;
  const hm = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const sameDay = s.toDateString() === e.toDateString();
  return `${day(s)} ${hm(s)}–${sameDay ? "" : `${day(e)} `}${hm(e)}`;
}
