import { describe, expect, it } from "vitest";

import type { Member } from "./bindings";
import { insertMention, mentionQuery, suggest, withMentionLinks } from "./mentions";

const sato: Member = { userId: "@sato:lg.jp", name: "佐藤 花子", avatar: null };
const satoh: Member = { userId: "@sato2:lg.jp", name: "佐藤", avatar: null };
const suzuki: Member = { userId: "@suzuki:lg.jp", name: "Suzuki [総務]", avatar: null };
const me: Member = { userId: "@me:lg.jp", name: "自分", avatar: null };

describe("mentions", () => {
  it("finds the @ being typed only at a word start", () => {
    expect(mentionQuery("こんにちは @佐", 8)).toEqual({ start: 6, query: "佐" });
    expect(mentionQuery("こんにちは @佐", 7)).toEqual({ start: 6, query: "" });
    expect(mentionQuery("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQuery("mail@example", 12)).toBeNull();
    expect(mentionQuery("@sato done", 10)).toBeNull();
  });

  it("suggests by name or id, prefix matches first, never me", () => {
    expect(suggest([suzuki, sato, me, satoh], "佐藤", "@me:lg.jp")).toEqual([satoh, sato]);
    expect(suggest([suzuki, sato], "suz", null)).toEqual([suzuki]);
    expect(suggest([me], "", "@me:lg.jp")).toEqual([]);
  });

  it("inserts the name and turns it into a link when sending", () => {
    const { text, caret } = insertMention("確認を @佐 お願いします", 4, 6, sato);
    expect(text).toBe("確認を @佐藤 花子  お願いします");
    expect(caret).toBe(11);
    expect(withMentionLinks("@佐藤 花子 と @佐藤 へ", [satoh, sato])).toBe(
      "[佐藤 花子](https://matrix.to/#/@sato:lg.jp) と [佐藤](https://matrix.to/#/@sato2:lg.jp) へ",
    );
    expect(withMentionLinks("@Suzuki [総務] さん", [suzuki])).toBe(
      "[Suzuki \\[総務\\]](https://matrix.to/#/@suzuki:lg.jp) さん",
    );
  });
});
