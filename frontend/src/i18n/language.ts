/**
 * Which language the UI speaks. The account keeps the choice so it follows the person; this
 * browser keeps a copy so the next visit starts in it before the session has loaded; `auto`
 * (no copy) takes the browser's first preferred language that Twofold ships, else English.
 */
import { atom, computed } from 'nanostores';

export const LANGUAGES = ['en', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export type LanguageChoice = Language | 'auto';

/** Each language's name in itself, so a reader finds their own whatever the page speaks now. */
export const ENDONYMS: Record<Language, string> = { en: 'English', de: 'Deutsch', fr: 'Français' };

export const LANGUAGE_KEY = 'twofold.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** `de-AT` and `de` both mean German; the first preferred language Twofold ships wins. */
export function fromPreferences(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

function cached(): Language | undefined {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function preferences(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** The explicit choice, if any; unset means `auto`. */
export const chosen = atom<Language | undefined>(cached());

/** The language every message and date is shown in now. */
export const locale = computed(chosen, (choice) => choice ?? fromPreferences(preferences()));

/** Take a choice (the account's, or one just made) and speak it from now on. */
export function useLanguage(choice: LanguageChoice): void {
  const value = choice === 'auto' ? undefined : choice;
  try {
    if (value) globalThis.localStorage?.setItem(LANGUAGE_KEY, value);
    else globalThis.localStorage?.removeItem(LANGUAGE_KEY);
  } catch {
    // No storage: the account still has the choice; only the next first paint may differ.
  }
  chosen.set(value);
}

export function choiceNow(): LanguageChoice {
  return chosen.get() ?? 'auto';
}
