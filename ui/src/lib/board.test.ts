import { describe, expect, it } from "vitest";
import type { Board, BoardMember } from "./backend";
import { applyUpdate, byDepartment, byLocation, limitMembers, type BoardFilter, type Group } from "./board";
import type { Availability, WorkLocation } from "./bindings";

function member(id: string, name: string, location?: WorkLocation, availability: Availability = "available", planned = false): BoardMember {
  return {
    userId: id,
    name,
    setAt: location ? 1 : null,
    status: location ? { status: { location, availability }, planned } : null,
  };
}

const board: Board = {
  departments: [
    {
      spaceId: "!soumu", name: "総務課", statusRoomId: "!s1",
      members: [member("@a", "佐藤", "home"), member("@b", "鈴木", "office", "busy"), member("@c", "田中")],
    },
    {
      spaceId: "!kikaku", name: "企画課", statusRoomId: "!s2",
      members: [member("@a", "佐藤", "home"), member("@d", "高橋", "home", "offline", true)],
    },
  ],
};
const all: BoardFilter = { location: null, availableOnly: false, text: "" };

describe("the roster board", () => {
  it("groups by department with filters", () => {
    expect(byDepartment(board, all).map((g) => g.members.length)).toEqual([3, 2]);
    const home = byDepartment(board, { ...all, location: "home" });
    expect(home.map((g) => g.members.map((m) => m.userId))).toEqual([["@a"], ["@a", "@d"]]);
    // A plan for today is not availability: only people who set "available" today.
    const now = byDepartment(board, { ...all, availableOnly: true });
    expect(now.map((g) => g.members.map((m) => m.userId))).toEqual([["@a"], ["@a"]]);
    expect(byDepartment(board, { ...all, text: "鈴" })[0]?.members.map((m) => m.userId)).toEqual(["@b"]);
  });

  it("groups by location, each person once, people without a status last", () => {
    const groups = byLocation(board, all);
    expect(groups.map((g) => [g.key, g.members.map((m) => m.userId)])).toEqual([
      ["office", ["@b"]],
      ["home", ["@a", "@d"]],
      ["unset", ["@c"]],
    ]);
  });

  it("applies a live update to that department only, keeping the known name", () => {
    const update = { statusRoomId: "!s1", member: member("@c", "tanaka", "mobile") };
    const next = applyUpdate(board, update);
    expect(next.departments[0]?.members[2]?.status?.status.location).toBe("mobile");
    expect(next.departments[0]?.members[2]?.name).toBe("田中");
    expect(next.departments[1]).toBe(board.departments[1]);
    const newcomer = applyUpdate(board, { statusRoomId: "!s2", member: member("@e", "伊藤", "office") });
    expect(newcomer.departments[1]?.members.map((m) => m.userId)).toEqual(["@a", "@d", "@e"]);
  });
});

describe("the first frame of a big board", () => {
  it("keeps the first members in order and every group's full count", () => {
    const group = (key: string, n: number): Group => ({
      key,
      title: key,
      location: null,
      members: Array.from({ length: n }, (_, i) => member(`@${key}${i}:kaigi.test`, `${key}${i}`, "office")),
    });
    const limited = limitMembers([group("a", 3), group("b", 4), group("c", 2)], 5);
    expect(limited.map((g) => g.members.length)).toEqual([3, 2, 0]);
    expect(limited.map((g) => g.total)).toEqual([3, 4, 2]);
    expect(limited[1]?.members.map((m) => m.userId)).toEqual(["@b0:kaigi.test", "@b1:kaigi.test"]);
    expect(limitMembers([group("a", 3)], Infinity)[0]?.members.length).toBe(3);
  });
});
