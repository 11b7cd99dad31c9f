/**
 * One document's own annotations while the reader edits them: the marks on
 * screen, the selected one, and undo/redo. Every change applied (made,
 * undone or redone) goes to `persist`: the annotation after it, or null
 * with the id of the one removed.
 */
import { AnnotationHistory, type Change } from "./annotationHistory";
import type { Annotation } from "./backend";

export class AnnotationEditing {
  annotations = $state<Annotation[]>([]);
  selectedId = $state<string | null>(null);
  canUndo = $state(false);
  canRedo = $state(false);
  private readonly history = new AnnotationHistory();

  constructor(private readonly persist: (after: Annotation | null, id: string) => void) {}

  get selected(): Annotation | undefined {
    return this.annotations.find((a) => a.id === this.selectedId);
  }

  /** Another document's marks: nothing selected, nothing to undo. */
  reset(annotations: Annotation[]): void {
    this.annotations = annotations;
    this.selectedId = null;
    this.history.clear();
    this.sync();
  }

  /** A change the reader made: applied, persisted, and undoable. */
  change(change: Change): void {
    this.apply(change);
    this.history.record(change);
    this.sync();
  }

  undo(): void {
    const change = this.history.undo();
    if (change) this.apply(change);
    this.sync();
  }

  redo(): void {
    const change = this.history.redo();
    if (change) this.apply(change);
    this.sync();
  }

  deleteSelected(): void {
    const victim = this.selected;
    if (victim) this.change({ before: victim, after: null });
  }

  private apply({ before, after }: Change): void {
    const id = after?.id ?? before?.id ?? "";
    const others = this.annotations.filter((a) => a.id !== id);
    this.annotations = after ? [...others, after] : others;
    if (!after && this.selectedId === id) this.selectedId = null;
    this.persist(after, id);
  }

  private sync(): void {
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
  }
}
