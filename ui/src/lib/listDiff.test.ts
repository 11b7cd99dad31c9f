import { describe, expect, it } from "vitest";

import { applyDiffs } from "./listDiff";

describe("applyDiffs", () => {
  it("applies a reset followed by every kind of change in order", () => {
    const out = applyDiffs<string>(
      ["old"],
      [
        { op: "reset", values: ["a", "b", "c"] },
        { op: "remove", index: 0 },
        { op: "insert", index: 1, value: "x" },
        { op: "pushFront", value: "0" },
        { op: "set", index: 3, value: "C" },
        { op: "append", values: ["d", "e"] },
        { op: "popBack" },
        { op: "truncate", length: 4 },
      ],
    );
    expect(out).toEqual(["0", "b", "x", "C"]);
  });

  it("does not mutate the list it was given", () => {
    const before = ["a"];
    applyDiffs(before, [{ op: "clear" }]);
    expect(before).toEqual(["a"]);
  });
});
