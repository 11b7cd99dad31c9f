import { en, ja, type MessageKey } from "./messages";

export type Locale = "ja" | "en";
export const LOCALES: readonly Locale[] = ["ja", "en"];
const STORAGE_KEY = "kaigi.locale";
const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { ja, en };

/** The user's choice if saved, else the first OS language we speak, else Japanese. */
export function detectLocale(languages: readonly string[], saved: string | null): Locale {
  if (saved === "ja" || saved === "en") return saved;
  for (const lang of languages) {
    const base = lang.toLowerCase().split("-")[0];
    if (base === "ja" || base === "en") return base;
  }
  return "ja";
}

/** Fills `{name}` placeholders. */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

class I18n {
  locale = $state<Locale>(detectLocale(navigator.languages ?? [], localStorage.getItem(STORAGE_KEY)));

  t = (key: MessageKey, vars?: Record<string, string | number>): string =>
    format(DICTIONARIES[this.locale][key], vars);

  set(locale: Locale): void {
    this.locale = locale;
    localStorage.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();
