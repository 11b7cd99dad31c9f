import { describe, expect, it } from "vitest";

import { detectLocale, format } from "./i18n.svelte";
import { en, ja } from "./messages";

describe("detectLocale", () => {
  it("prefers the saved choice, then the OS languages, then Japanese", () => {
    expect(detectLocale(["en-US"], "ja")).toBe("ja");
    expect(detectLocale(["fr-FR", "en-GB"], null)).toBe("en");
    expect(detectLocale(["ja-JP"], null)).toBe("ja");
    expect(detectLocale(["de"], null)).toBe("ja");
    expect(detectLocale([], "xx")).toBe("ja");
  });
});

describe("messages", () => {
  it("has every English key in Japanese, none empty", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(ja[key], key).toBeTruthy();
    }
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(format(ja["pdf.page"], { page: 2, count: 10 })).toBe("2 / 10 ページ");
    expect(format("{a} {b}", { a: 1 })).toBe("1 {b}");
  });
});
