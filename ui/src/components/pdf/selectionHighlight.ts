/** Highlights snapped to the text the reader selected on the pages. */
import type { Annotation } from "../../lib/backend";
import type { Rect } from "../../lib/bindings";
import { mergeLines, toPage, type Size } from "../../lib/pdfGeometry";
import { newId } from "./tools";

/**
 * One text highlight per page the selection covers, over its lines, in page
 * points (pages are found on screen by their `data-testid="page"` element).
 */
export function selectionHighlights(selection: Selection, sizeOf: (page: number) => Size): Annotation[] {
  const perPage: Record<number, Rect[]> = {};
  for (let r = 0; r < selection.rangeCount; r++) {
    for (const box of Array.from(selection.getRangeAt(r).getClientRects())) {
      if (box.width < 1 || box.height < 1) continue;
      const el = document
        .elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2)
        .find((e) => e instanceof HTMLElement && e.dataset.testid === "page") as HTMLElement | undefined;
      if (!el) continue;
      const index = Number(el.dataset.page) - 1;
      const pageBox = el.getBoundingClientRect();
      const a = toPage(box.left, box.top, pageBox, sizeOf(index));
      const b = toPage(box.right, box.bottom, pageBox, sizeOf(index));
      (perPage[index] ??= []).push({ left: a.x, top: a.y, right: b.x, bottom: b.y });
    }
  }
  const text = selection.toString().trim();
  return Object.entries(perPage).map(([page, rects]) => ({
    id: newId(),
    page: Number(page),
    color: "#ffeb3b",
    width: 1,
    shape: { type: "textHighlight", rects: mergeLines(rects), text },
  }));
}

/** Highlights over the text selected now, which is then unselected; none without a selection. */
export function takeSelection(sizeOf: (page: number) => Size): Annotation[] {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed) return [];
  const highlights = selectionHighlights(selection, sizeOf);
  selection.removeAllRanges();
  return highlights;
}
