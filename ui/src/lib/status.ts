/** The choices of the status model, in the order the UI lists them. */
import type { Availability, WorkLocation } from "./bindings";

export const LOCATIONS: readonly WorkLocation[] = [
  "office",
  "home",
  "satellite",
  "mobile",
  "businessTrip",
  "leave",
  "offDuty",
];

export const AVAILABILITIES: readonly Availability[] = ["available", "busy", "inMeeting", "away", "offline"];

/** `hh:mm` today, in local time, as milliseconds since the epoch; `null` when not a time. */
export function untilToday(time: string, now: Date): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return null;
  const at = new Date(now);
  at.setHours(hours, minutes, 0, 0);
  return at.getTime();
}

/** The local `hh:mm` of a moment, as a time input shows it. */
export function timeOf(ms: number): string {
  const at = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
