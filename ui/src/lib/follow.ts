/** Following the presenter, and the organiser's receipts: the meeting screen's pure logic. */
import type { FollowMode, Material, Participant, PresenterPosition } from "./backend";

/** Someone else is presenting a material now. */
export function othersPresenting(position: PresenterPosition | null, me: string): position is PresenterPosition & { material: string } {
  return position !== null && position.material !== null && position.presenter !== me;
}

/** I am presenting a material now. */
export function iAmPresenting(position: PresenterPosition | null, me: string): boolean {
  return position !== null && position.material !== null && position.presenter === me;
}

/** The reader is held on the presenter's page. */
export function pinnedBy(position: PresenterPosition | null, me: string): boolean {
  return othersPresenting(position, me) && position.mode === "forced";
}

/**
 * After the reader moved to another page themselves: whether they still
 * follow. Soft follow lets go; forced follow holds on.
 */
export function stillFollowing(mode: FollowMode | null): boolean {
  return mode === "forced";
}

/** Who has a material on their device, out of the meeting's joined participants. */
export function receipts(material: Material, participants: readonly Participant[]): { count: number; total: number; missing: string[] } {
  const joined = participants.filter((p) => !p.invited);
  const have = new Set(material.receivedBy);
  const missing = joined.filter((p) => !have.has(p.userId)).map((p) => p.name);
  return { count: joined.length - missing.length, total: joined.length, missing };
}

/** The materials of each agenda item, newest version last, older versions dropped. */
export function latestByItem(materials: readonly Material[]): Record<string, Material[]> {
  const out: Record<string, Material[]> = {};
  for (const m of materials) if (m.latest) (out[m.item] ??= []).push(m);
  return out;
}

/** Distinct, readable colours for the authors of shared marks. */
export const AUTHOR_COLOURS = ["#d32f2f", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#5d4037"] as const;

/** The colour of `userId`'s shared marks: by their place among the participants, so everyone sees the same. */
export function authorColour(userId: string, participants: readonly Participant[]): string {
  const ids = participants.map((p) => p.userId).sort();
  const at = ids.indexOf(userId);
  return AUTHOR_COLOURS[(at < 0 ? ids.length : at) % AUTHOR_COLOURS.length] ?? AUTHOR_COLOURS[0];
}
