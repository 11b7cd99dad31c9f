import { describe, expect, it } from "vitest";

import { highlight } from "./highlight";

describe("highlight", () => {
  it("marks every occurrence of every word", () => {
    expect(highlight("会議は会議室で", "会議")).toEqual([
      { text: "会議", match: true },
      { text: "は", match: false },
      { text: "会議", match: true },
      { text: "室で", match: false },
    ]);
    expect(highlight("Budget v2", "budget V2")).toEqual([
      { text: "Budget", match: true },
      { text: " ", match: false },
      { text: "v2", match: true },
    ]);
  });

  it("treats the query as text, not a pattern", () => {
    expect(highlight("a.b (c)", "(c)")).toEqual([
      { text: "a.b ", match: false },
      { text: "(c)", match: true },
    ]);
    expect(highlight("text", "   ")).toEqual([{ text: "text", match: false }]);
  });
});
