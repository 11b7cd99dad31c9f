/**
 * Undo and redo for annotations. Every change is a pair of states of one
 * annotation (absent = null), so undoing is applying `before` and redoing is
 * applying `after`; the caller persists whatever is applied.
 */
import type { Annotation_Deserialize as Annotation } from "./bindings";

export interface Change {
  before: Annotation | null;
  after: Annotation | null;
}

export class AnnotationHistory {
  private done: Change[] = [];
  private undone: Change[] = [];

  constructor(private readonly limit = 200) {}

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  record(change: Change): void {
    this.done.push(change);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }

  /** The change to apply to undo, or null when there is nothing to undo. */
  undo(): Change | null {
    const change = this.done.pop();
    if (!change) return null;
    this.undone.push(change);
    return { before: change.after, after: change.before };
  }

  redo(): Change | null {
    const change = this.undone.pop();
    if (!change) return null;
    this.done.push(change);
    return change;
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
