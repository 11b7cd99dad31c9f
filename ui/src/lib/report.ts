/** The telework report's pure logic: the month chosen and the chart's bars. */
import type { PersonDays } from "./bindings";

/** "YYYY-MM" of `now` in local time, as a month input shows it. */
export function monthOf(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
}

export type DayKind = "telework" | "office" | "businessTrip" | "leave";
export const DAY_KINDS: readonly DayKind[] = ["telework", "office", "businessTrip", "leave"];

export interface ChartRow {
  userId: string;
  name: string;
  department: string;
  /** Each kind's days and its bar's share of the widest row, in percent. */
  parts: { kind: DayKind; days: number; percent: number }[];
  telework: number;
  total: number;
}

function days(person: PersonDays, kind: DayKind): number {
  switch (kind) {
    case "telework":
      return person.teleworkDays;
    case "office":
      return person.officeDays;
    case "businessTrip":
      return person.businessTripDays;
    case "leave":
      return person.leaveDays;
  }
}

/** One stacked bar per person, most telework days first, scaled to the longest row. */
export function chartRows(people: readonly PersonDays[]): ChartRow[] {
  const rows = people.map((p) => {
    const parts = DAY_KINDS.map((kind) => ({ kind, days: days(p, kind), percent: 0 }));
    const total = parts.reduce((sum, part) => sum + part.days, 0);
    return { userId: p.userId, name: p.name, department: p.department, parts, telework: p.teleworkDays, total };
  });
  const widest = Math.max(1, ...rows.map((r) => r.total));
  for (const row of rows) for (const part of row.parts) part.percent = (part.days / widest) * 100;
  return rows.sort(
    (a, b) => b.telework - a.telework || b.total - a.total || a.name.localeCompare(b.name, "ja"),
  );
}
