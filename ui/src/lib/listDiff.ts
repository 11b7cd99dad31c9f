import type { ListDiff } from "./bindings";

/** Applies a batch of diffs from the core to a list, returning the new list. */
export function applyDiffs<T>(list: readonly T[], diffs: readonly ListDiff<T>[]): T[] {
  let out = list.slice();
  for (const d of diffs) {
    switch (d.op) {
      case "reset":
        out = d.values.slice();
        break;
      case "append":
        out.push(...d.values);
        break;
      case "clear":
        out = [];
        break;
      case "pushFront":
        out.unshift(d.value);
        break;
      case "pushBack":
        out.push(d.value);
        break;
      case "popFront":
        out.shift();
        break;
      case "popBack":
        out.pop();
        break;
      case "insert":
        out.splice(Math.min(d.index, out.length), 0, d.value);
        break;
      case "set":
        if (d.index < out.length) out[d.index] = d.value;
        break;
      case "remove":
        if (d.index < out.length) out.splice(d.index, 1);
        break;
      case "truncate":
        out.length = Math.min(out.length, d.length);
        break;
    }
  }
  return out;
}
