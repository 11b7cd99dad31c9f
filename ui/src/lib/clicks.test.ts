import { describe, expect, it } from "vitest";
import { singleClick } from "./clicks";

describe("singleClick", () => {
  it("acts on a single click and on keyboard clicks, not on a double-click's second click", () => {
    const button = document.createElement("button");
    const acted: number[] = [];
    button.addEventListener("click", singleClick((e) => acted.push(e.detail)));
    for (const detail of [1, 2, 3, 0, 1]) button.dispatchEvent(new MouseEvent("click", { detail }));
    expect(acted).toEqual([1, 0, 1]);
  });

  it("drops the second click even when it lands on another button", () => {
    const [first, next] = [document.createElement("button"), document.createElement("button")];
    const acted: string[] = [];
    first.addEventListener("click", singleClick(() => acted.push("first")));
    next.addEventListener("click", singleClick(() => acted.push("next")));
    first.dispatchEvent(new MouseEvent("click", { detail: 1 }));
    next.dispatchEvent(new MouseEvent("click", { detail: 2 }));
    expect(acted).toEqual(["first"]);
  });
});
