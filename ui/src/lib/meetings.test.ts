import { describe, expect, it } from "vitest";

import type { MeetingSummary, When } from "./bindings";
import { byWhen, lines, localMoment, timeRange } from "./meetings";

function summary(id: string, when: When): MeetingSummary {
  return { roomId: id, title: id, meeting: null, invited: false, when };
}

describe("meetings", () => {
  it("are split into today, upcoming and past, keeping their order", () => {
    const parts = byWhen([summary("a", "upcoming"), summary("b", "today"), summary("c", "upcoming"), summary("d", "past")]);
    expect(parts.today.map((m) => m.roomId)).toEqual(["b"]);
    expect(parts.upcoming.map((m) => m.roomId)).toEqual(["a", "c"]);
    expect(parts.past.map((m) => m.roomId)).toEqual(["d"]);
  });

  it("take their time from a local date and time", () => {
    expect(localMoment("2026-11-24", "10:00")).toBe(new Date(2026, 10, 24, 10, 0).getTime());
    const bad: [string, string][] = [["2026-02-30", "10:00"], ["2026-11-24", "24:00"], ["", "10:00"], ["2026-11-24", "10"]];
    for (const [date, time] of bad) {
      expect(localMoment(date, time), `${date} ${time}`).toBeNull();
    }
  });

  it("read agenda items and participants one per line or by commas", () => {
    expect(lines(" 開会 \n\n予算案について、閉会 ")).toEqual(["開会", "予算案について", "閉会"]);
    expect(lines("@a:kaigi.test, @b:kaigi.test")).toEqual(["@a:kaigi.test", "@b:kaigi.test"]);
    expect(lines("報告、質疑\n閉会", false)).toEqual(["報告、質疑", "閉会"]);
  });

  it("show their time range, with the end's date only when it differs", () => {
    const start = new Date(2026, 10, 24, 10, 0).getTime();
    expect(timeRange(start, new Date(2026, 10, 24, 12, 30).getTime())).toBe("11/24 10:00–12:30");
    expect(timeRange(start, new Date(2026, 10, 25, 9, 0).getTime())).toBe("11/24 10:00–11/25 09:00");
  });
});
