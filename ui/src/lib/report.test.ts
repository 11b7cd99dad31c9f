import { describe, expect, it } from "vitest";

import type { PersonDays } from "./bindings";
import { chartRows, monthOf } from "./report";

function person(name: string, telework: number, office: number, trip = 0, leave = 0): PersonDays {
  return {
    userId: `@${name}:kaigi.test`,
    name,
    department: "総務課",
    teleworkDays: telework,
    officeDays: office,
    businessTripDays: trip,
    leaveDays: leave,
  };
}

describe("the telework report", () => {
  it("names the local month", () => {
    expect(monthOf(new Date(2026, 0, 31, 23, 59))).toBe("2026-01");
    expect(monthOf(new Date(2026, 10, 1, 0, 0))).toBe("2026-11");
  });

  it("puts the most telework first and scales bars to the longest row", () => {
    const rows = chartRows([person("佐藤", 2, 18), person("鈴木", 10, 5, 2, 3), person("高橋", 10, 0)]);
    expect(rows.map((r) => r.name)).toEqual(["鈴木", "高橋", "佐藤"]);
    expect(rows.map((r) => r.total)).toEqual([20, 10, 20]);
    expect(rows.map((r) => r.parts.map((p) => p.percent))).toEqual([
      [50, 25, 10, 15],
      [50, 0, 0, 0],
      [10, 90, 0, 0],
    ]);
  });

  it("draws nothing, and divides by nothing, for an empty month", () => {
    const rows = chartRows([person("田中", 0, 0)]);
    expect(rows.map((r) => [r.total, ...r.parts.map((p) => p.percent)])).toEqual([[0, 0, 0, 0, 0]]);
  });
});
