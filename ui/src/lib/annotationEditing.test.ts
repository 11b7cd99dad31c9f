import { describe, expect, it } from "vitest";
import { AnnotationEditing } from "./annotationEditing.svelte";
import type { Annotation } from "./backend";

const note = (id: string, text: string): Annotation => ({
  id, page: 2, color: "#ffeb3b", width: 1,
  shape: { type: "note", at: { x: 10, y: 20, pressure: null }, text },
});

function editing() {
  const saved: [string, string | null][] = [];
  const e = new AnnotationEditing((after, id) => saved.push([id, after ? (after.shape as { text: string }).text : null]));
  return { e, saved };
}

describe("AnnotationEditing", () => {
  it("applies, persists and undoes a change, then redoes it", () => {
    const { e, saved } = editing();
    e.reset([note("a", "one")]);
    e.change({ before: null, after: note("b", "two") });
    expect(e.annotations.map((a) => a.id)).toEqual(["a", "b"]);
    expect(e.canUndo).toBe(true);
    e.undo();
    expect(e.annotations.map((a) => a.id)).toEqual(["a"]);
    expect(e.canRedo).toBe(true);
    e.redo();
    expect(e.annotations.map((a) => a.id)).toEqual(["a", "b"]);
    expect(saved).toEqual([["b", "two"], ["b", null], ["b", "two"]]);
  });

  it("deletes the selected mark, undoably, and lets go of the selection", () => {
    const { e, saved } = editing();
    e.reset([note("a", "one")]);
    e.selectedId = "a";
    expect(e.selected?.id).toBe("a");
    e.deleteSelected();
    expect(e.annotations).toEqual([]);
    expect(e.selectedId).toBeNull();
    e.undo();
    expect(e.annotations.map((a) => a.id)).toEqual(["a"]);
    expect(saved).toEqual([["a", null], ["a", "one"]]);
  });

  it("starts a new document with no selection and nothing to undo", () => {
    const { e, saved } = editing();
    e.change({ before: null, after: note("b", "two") });
    e.selectedId = "b";
    e.reset([]);
    expect(e.canUndo).toBe(false);
    expect(e.selectedId).toBeNull();
    e.undo();
    expect(saved).toEqual([["b", "two"]]);
  });
});
