import { describe, expect, it } from "vitest";

import { timeOf, untilToday } from "./status";

describe("until today", () => {
  const now = new Date(2026, 10, 23, 9, 15);

  it("is the time given, on today's date, in local time", () => {
    const until = untilToday("17:30", now);
    expect(until).toBe(new Date(2026, 10, 23, 17, 30).getTime());
    expect(timeOf(until!)).toBe("17:30");
  });

  it("accepts one-digit hours and trims spaces", () => {
    expect(untilToday(" 9:05 ", now)).toBe(new Date(2026, 10, 23, 9, 5).getTime());
    expect(timeOf(new Date(2026, 10, 23, 9, 5).getTime())).toBe("09:05");
  });

  it("refuses what is not a time of day", () => {
    for (const bad of ["", "17", "24:00", "12:60", "noon", "1:2"]) {
      expect(untilToday(bad, now), bad).toBeNull();
    }
  });
});
