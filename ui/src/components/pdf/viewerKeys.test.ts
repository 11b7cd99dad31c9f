import { describe, expect, it } from "vitest";
import { keyAction, type KeyPress } from "./viewerKeys";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods,
});

describe("keyAction", () => {
  it("pages from the page the reader is on, by PageUp, PageDown, the arrows, Home and End", () => {
    expect(keyAction(press("PageDown"), 4, 10, false)).toEqual({ kind: "go", page: 5 });
    expect(keyAction(press("ArrowUp"), 4, 10, false)).toEqual({ kind: "go", page: 3 });
    expect(keyAction(press("Home"), 4, 10, false)).toEqual({ kind: "go", page: 0 });
    expect(keyAction(press("End"), 4, 10, false)).toEqual({ kind: "go", page: 9 });
  });

  it("moves a selected annotation with the arrows instead, ten points with Shift", () => {
    expect(keyAction(press("ArrowLeft"), 4, 10, true)).toEqual({ kind: "move", dx: -1, dy: 0 });
    expect(keyAction(press("ArrowUp", { shiftKey: true }), 4, 10, true)).toEqual({ kind: "move", dx: 0, dy: 10 });
    expect(keyAction(press("PageDown"), 4, 10, true)).toEqual({ kind: "go", page: 5 });
  });

  it("deletes, edits and lets go of the selection; Escape alone picks the select tool", () => {
    expect(keyAction(press("Delete"), 0, 1, true)).toEqual({ kind: "delete" });
    expect(keyAction(press("Backspace"), 0, 1, true)).toEqual({ kind: "delete" });
    expect(keyAction(press("Enter"), 0, 1, true)).toEqual({ kind: "edit" });
    expect(keyAction(press("Escape"), 0, 1, true)).toEqual({ kind: "deselect" });
    expect(keyAction(press("Escape"), 0, 1, false)).toEqual({ kind: "tool", tool: "select" });
    expect(keyAction(press("Delete"), 0, 1, false)).toBeNull();
  });

  it("undoes, redoes and searches with Ctrl or Cmd, and leaves other shortcuts alone", () => {
    expect(keyAction(press("z", { ctrlKey: true }), 0, 1, false)).toEqual({ kind: "undo" });
    expect(keyAction(press("Z", { ctrlKey: true, shiftKey: true }), 0, 1, false)).toEqual({ kind: "redo" });
    expect(keyAction(press("y", { metaKey: true }), 0, 1, false)).toEqual({ kind: "redo" });
    expect(keyAction(press("f", { ctrlKey: true }), 0, 1, false)).toEqual({ kind: "search" });
    expect(keyAction(press("p", { ctrlKey: true }), 0, 1, false)).toBeNull();
  });

  it("zooms with + and -, and picks tools by letter unless Alt is held", () => {
    expect(keyAction(press("+"), 0, 1, false)).toEqual({ kind: "zoom", direction: 1 });
    expect(keyAction(press("="), 0, 1, false)).toEqual({ kind: "zoom", direction: 1 });
    expect(keyAction(press("-"), 0, 1, false)).toEqual({ kind: "zoom", direction: -1 });
    expect(keyAction(press("P"), 0, 1, false)).toEqual({ kind: "tool", tool: "pen" });
    expect(keyAction(press("h", { altKey: true }), 0, 1, false)).toBeNull();
    expect(keyAction(press("q"), 0, 1, false)).toBeNull();
  });
});
