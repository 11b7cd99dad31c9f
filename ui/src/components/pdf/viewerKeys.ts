/**
 * The viewer's keyboard: which action a key press on the page area asks for.
 * Pure, so every binding is tested without a window.
 */
import { TOOL_KEYS, type Tool } from "./tools";

export type KeyAction =
  | { kind: "undo" }
  | { kind: "redo" }
  | { kind: "search" }
  | { kind: "move"; dx: number; dy: number }
  | { kind: "delete" }
  | { kind: "edit" }
  | { kind: "deselect" }
  | { kind: "tool"; tool: Tool }
  | { kind: "zoom"; direction: 1 | -1 }
  | { kind: "go"; page: number };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The action for `press`, or null when the key is not the viewer's.
 * `from` is the page the reader is on (or on the way to), `selected`
 * whether an annotation is selected: the arrows then move it, in points
 * (ten at a time with Shift).
 */
export function keyAction(press: KeyPress, from: number, pageCount: number, selected: boolean): KeyAction | null {
  const key = press.key;
  if (press.ctrlKey || press.metaKey) {
    const lower = key.toLowerCase();
    if (lower === "z") return press.shiftKey ? { kind: "redo" } : { kind: "undo" };
    if (lower === "y") return { kind: "redo" };
    if (lower === "f") return { kind: "search" };
    return null;
  }
  if (selected) {
    const step = press.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step],
    };
    const move = moves[key];
    if (move) return { kind: "move", dx: move[0], dy: move[1] };
    if (key === "Delete" || key === "Backspace") return { kind: "delete" };
    if (key === "Enter") return { kind: "edit" };
    if (key === "Escape") return { kind: "deselect" };
  }
  if (key === "Escape") return { kind: "tool", tool: "select" };
  if (key === "+" || key === "=") return { kind: "zoom", direction: 1 };
  if (key === "-") return { kind: "zoom", direction: -1 };
  const pages: Record<string, number> = {
    PageDown: from + 1, ArrowRight: from + 1, ArrowDown: from + 1,
    PageUp: from - 1, ArrowLeft: from - 1, ArrowUp: from - 1,
    Home: 0, End: pageCount - 1,
  };
  const page = pages[key];
  if (page !== undefined) return { kind: "go", page };
  const tool = TOOL_KEYS[key.toLowerCase()];
  return tool && !press.altKey ? { kind: "tool", tool } : null;
}
