/**
 * The message catalogue. English lives beside the components that show it, in
 * `*.messages.ts` modules, so a page's chunk carries only its own words; every other language is
 * one JSON file per feature folder under `src/locales/<language>/`, fetched only by people
 * who read that language, so the English page weighs no more for having translations.
 */
import { createI18n, type ComponentsJSON } from '@nanostores/i18n';
import { atom, computed } from 'nanostores';
import { locale, type Language } from './language';

export { count, params } from '@nanostores/i18n';

/** `../locales/de/index.ts` and the like: one chunk per language with all of its files. */
const languages = import.meta.glob<ComponentsJSON>('../locales/*/index.ts', { import: 'default' });

/** Languages whose words could not be fetched (offline, or a chunk gone after a deploy). */
const unreachable = atom<readonly Language[]>([]);

/**
 * The language the page's words are really in: the reader's, or English when theirs could not
 * be fetched, so `<html lang>` never tells a screen reader to read English words as German.
 */
export const spoken = computed([locale, unreachable], (code, missing) =>
  missing.includes(code) ? 'en' : code,
);

async function load(language: Language): Promise<ComponentsJSON> {
  const file = languages[`../locales/${language}/index.ts`];
  if (!file) return {};
  try {
    return await file();
  } catch {
    // English words are better than no page; the base words show where these are missing.
    unreachable.set([...unreachable.get(), language]);
    return {};
  }
}

export const i18n = createI18n(locale, {
  baseLocale: 'en',
  get: (code) => load(code as Language),
});

/**
 * Fetch the reader's language before the first page mounts, so nobody sees English words
 * turn into their own a moment later. English needs nothing.
 */
export async function preload(language: Language = locale.get()): Promise<void> {
  if (language === 'en' || i18n.cache[language]) return;
  i18n.cache[language] = (await load(language)) as never;
}
