/** Splits `text` into parts, marking where any word of `query` occurs (case-insensitive). */
export function highlight(text: string, query: string): { text: string; match: boolean }[] {
  const words = query
    .split(/[\s\u3000]+/)
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (words.length === 0) return [{ text, match: false }];
  // With one capturing group, split alternates: text, match, text, match, …
  return text
    .split(new RegExp(`(${words.join("|")})`, "iu"))
    .map((part, i) => ({ text: part, match: i % 2 === 1 }))
    .filter((part) => part.text !== "");
}
