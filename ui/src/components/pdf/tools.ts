/** The annotation tools, their defaults, and shape helpers shared by the layer. */
import type { Annotation, Point, Rect } from "../../lib/bindings";
import { n } from "../../lib/pdfGeometry";

export type Tool = "select" | "pen" | "highlighter" | "note" | "text" | "rectangle" | "ellipse" | "arrow" | "eraser";

export const TOOLS: Tool[] = ["select", "pen", "highlighter", "note", "text", "rectangle", "ellipse", "arrow", "eraser"];
export const TOOL_KEYS: Record<string, Tool> = { v: "select", p: "pen", h: "highlighter", n: "note", t: "text", r: "rectangle", o: "ellipse", a: "arrow", e: "eraser" };
export const COLORS = ["#d32f2f", "#1565c0", "#2e7d32", "#000000", "#ffeb3b", "#ff9800"];
export const WIDTHS = [1, 2, 4, 8];

export function newId(): string {
  return typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function rectFrom(a: { x: number; y: number }, b: { x: number; y: number }): Rect {
  return { left: Math.min(a.x, b.x), bottom: Math.min(a.y, b.y), right: Math.max(a.x, b.x), top: Math.max(a.y, b.y) };
}

function movePoint(p: Point, dx: number, dy: number): Point {
  return { ...p, x: n(p.x) + dx, y: n(p.y) + dy };
}

function moveRect(r: Rect, dx: number, dy: number): Rect {
  return { left: n(r.left) + dx, right: n(r.right) + dx, top: n(r.top) + dy, bottom: n(r.bottom) + dy };
}

/** The annotation moved by (dx, dy) points. */
export function moved(a: Annotation, dx: number, dy: number): Annotation {
  const s = a.shape;
  switch (s.type) {
    case "ink":
      return { ...a, shape: { ...s, strokes: s.strokes.map((st) => st.map((p) => movePoint(p, dx, dy))) } };
    case "freehandHighlight":
      return { ...a, shape: { ...s, points: s.points.map((p) => movePoint(p, dx, dy)) } };
    case "textHighlight":
      return { ...a, shape: { ...s, rects: s.rects.map((r) => moveRect(r, dx, dy)) } };
    case "note":
      return { ...a, shape: { ...s, at: movePoint(s.at, dx, dy) } };
    case "freeText":
    case "rectangle":
    case "ellipse":
      return { ...a, shape: { ...s, rect: moveRect(s.rect, dx, dy) } };
    case "arrow":
      return { ...a, shape: { ...s, from: movePoint(s.from, dx, dy), to: movePoint(s.to, dx, dy) } };
  }
}
