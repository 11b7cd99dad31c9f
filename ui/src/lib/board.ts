/**
 * The roster board's pure logic: filtering, grouping and live updates, kept
 * out of the component so it is tested without a window.
 */
import type { Availability, WorkLocation } from "./bindings";
import type { Board, BoardMember, BoardUpdate } from "./backend";

import { LOCATIONS } from "./status";

export interface BoardFilter {
  /** `null`: every location (and people with nothing set). */
  location: WorkLocation | null;
  /** Only people who can be reached now. */
  availableOnly: boolean;
  /** Part of a name or user id, any case. */
  text: string;
}

export interface Group {
  key: string;
  /** A department name, or a location (translated by the view). */
  title: string;
  location: WorkLocation | "unset" | null;
  members: BoardMember[];
}

export function availability(member: BoardMember): Availability | null {
  return member.status && !member.status.planned ? member.status.status.availability : null;
}

export function matches(member: BoardMember, filter: BoardFilter): boolean {
  if (filter.location && member.status?.status.location !== filter.location) return false;
  if (filter.availableOnly && availability(member) !== "available") return false;
  const text = filter.text.trim().toLowerCase();
  return !text || member.name.toLowerCase().includes(text) || member.userId.toLowerCase().includes(text);
}

/** One group per department, members filtered. */
export function byDepartment(board: Board, filter: BoardFilter): Group[] {
  return board.departments.map((d) => ({
    key: d.spaceId,
    title: d.name,
    location: null,
    members: d.members.filter((m) => matches(m, filter)),
  }));
}

/** One group per location (then "not set"), each person once. */
export function byLocation(board: Board, filter: BoardFilter): Group[] {
  const seen = new Map<string, BoardMember>();
  for (const d of board.departments) for (const m of d.members) if (!seen.has(m.userId)) seen.set(m.userId, m);
  const people = [...seen.values()].filter((m) => matches(m, filter));
  const groups: Group[] = LOCATIONS.map((l) => ({
    key: l,
    title: l,
    location: l,
    members: people.filter((m) => m.status?.status.location === l),
  }));
  groups.push({ key: "unset", title: "unset", location: "unset", members: people.filter((m) => !m.status) });
  return groups.filter((g) => g.members.length > 0);
}

/** The board with `update` applied (a person's status changed). */
export function applyUpdate(board: Board, update: BoardUpdate): Board {
  return {
    departments: board.departments.map((d) =>
      d.statusRoomId !== update.statusRoomId
        ? d
        : {
            ...d,
            members: d.members.some((m) => m.userId === update.member.userId)
              ? d.members.map((m) => (m.userId === update.member.userId ? { ...update.member, name: m.name } : m))
              : [...d.members, update.member],
          },
    ),
  };
}

/** `groups` with at most `limit` members in all, in order; `total` keeps each group's full count. */
export function limitMembers(groups: readonly Group[], limit: number): (Group & { total: number })[] {
  let left = limit;
  return groups.map((group) => {
    const members = group.members.slice(0, Math.max(0, left));
    left -= members.length;
    return { ...group, members, total: group.members.length };
  });
}
