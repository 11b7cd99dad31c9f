import { describe, expect, it } from "vitest";

import { SAS_EMOJI_JA, sasEmojiName } from "./sasEmoji";

describe("SAS emoji names", () => {
  it("covers all 64 emoji of the spec", () => {
    expect(Object.keys(SAS_EMOJI_JA)).toHaveLength(64);
  });
  it("translates for Japanese and keeps English", () => {
    expect(sasEmojiName("Thumbs Up", "ja")).toBe("いいね");
    expect(sasEmojiName("Thumbs Up", "en")).toBe("Thumbs Up");
    expect(sasEmojiName("Unknown", "ja")).toBe("Unknown");
  });
});
