/**
 * Mentions while writing: "@" and a few letters suggest room members; a
 * chosen member shows as "@Name" in the composer and is sent as a Markdown
 * link to their matrix.to address, which the core turns into a pill and an
 * `m.mentions` entry.
 */
import type { Member } from "./bindings";

/** The "@…" being typed just before the caret, if any. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(?:^|[\s\u3000(])@([^\s\u3000@]{0,40})$/u.exec(before);
  if (!match) return null;
  const query = match[1] ?? "";
  return { start: caret - query.length - 1, query };
}

export const displayName = (m: Member) => m.name ?? m.userId;

/** Members matching `query` by name or id, best first, at most `limit`, never me. */
export function suggest(members: Member[], query: string, me: string | null, limit = 6): Member[] {
  const q = query.toLowerCase();
  const score = (m: Member) => {
    const name = displayName(m).toLowerCase();
    const id = m.userId.toLowerCase();
    if (name.startsWith(q) || id.startsWith(`@${q}`)) return 0;
    if (name.includes(q) || id.includes(q)) return 1;
    return -1;
  };
  return members
    .filter((m) => m.userId !== me)
    .map((m) => ({ m, s: score(m) }))
    .filter(({ s }) => s >= 0)
    .sort((a, b) => a.s - b.s || displayName(a.m).localeCompare(displayName(b.m)))
    .slice(0, limit)
    .map(({ m }) => m);
}

/** Replaces the "@query" at `start` with "@Name "; returns the text and caret. */
export function insertMention(text: string, start: number, caret: number, member: Member) {
  const inserted = `@${displayName(member)} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

const escapeMarkdown = (s: string) => s.replace(/[\\[\]()*_`~<>#!|]/g, "\\$&");

/** The body to send: each chosen member's "@Name" becomes a link to them. */
export function withMentionLinks(body: string, chosen: Member[]): string {
  // Longer names first, so "@佐藤 花子" is not taken for "@佐藤".
  const byLength = [...new Map(chosen.map((m) => [m.userId, m])).values()].sort(
    (a, b) => displayName(b).length - displayName(a).length,
  );
  let out = body;
  for (const m of byLength) {
    const plain = `@${displayName(m)}`;
    const link = `[${escapeMarkdown(displayName(m))}](https://matrix.to/#/${encodeURI(m.userId)})`;
    out = out.split(plain).join(link);
  }
  return out;
}
