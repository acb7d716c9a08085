import { messagesToJSON, type Messages } from '@nanostores/i18n';
import { afterEach, describe, expect, it } from 'vitest';
import { errorWords } from '../vocab/errors.messages';
import { frictionWords } from '../vocab/vocab.messages';
import { errorMessage, roleLabel } from '../vocab/labels';
import { i18n, preload } from './catalogue';
import { LANGUAGES, chosen, fromPreferences, locale, useLanguage } from './language';

type Json = Record<string, Record<string, string | Record<string, string>>>;

const modules = import.meta.glob('../**/*.messages.ts', { eager: true }) as Record<string, Record<string, unknown>>;
const files = import.meta.glob('../locales/*/*.json', { eager: true, import: 'default' }) as Record<string, Json>;

/** Every message store in the code, with the feature folder its module sits in. */
function stores(): { folder: string; store: Messages }[] {
  const found: { folder: string; store: Messages }[] = [];
  for (const [path, exports] of Object.entries(modules)) {
    const folder = path.split('/')[1]!;
    for (const value of Object.values(exports)) {
      if (value && typeof value === 'object' && 'i18n' in value && 'component' in value) {
        found.push({ folder, store: value as unknown as Messages });
      }
    }
  }
  return found;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

function forms(value: string | Record<string, string>): string[] {
  return typeof value === 'string' ? [value] : Object.values(value);
}

describe('the message catalogue', () => {
  const english = stores();

  it('names each group of messages once, after the feature folder it belongs to', () => {
    const names = english.map(({ store }) => (store as unknown as { component: string }).component);
    expect(new Set(names).size).toBe(names.length);
    for (const { folder, store } of english) {
      expect((store as unknown as { component: string }).component.split('.')[0]).toBe(folder);
    }
  });

  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    it(`has every message in ${language}, with the same values to fill in`, () => {
      const problems: string[] = [];
      for (const { folder, store } of english) {
        const base = messagesToJSON(store) as Json;
        const [component, messages] = Object.entries(base)[0]!;
        // A folder's words are in `<folder>.json`, or split over `<folder>-<part>.json`.
        const translated = Object.entries(files)
          .filter(([path]) => path.split('/')[2] === language)
          .filter(([path]) => new RegExp(`/${folder}(-[\\w-]+)?\\.json$`).test(path))
          .map(([, file]) => file[component])
          .find(Boolean);
        if (!translated) {
          problems.push(`no ${language}/${folder}.json (or ${folder}-*.json) has "${component}"`);
          continue;
        }
        for (const [key, value] of Object.entries(messages)) {
          const theirs = translated[key];
          if (theirs === undefined) {
            problems.push(`${component}.${key} is missing`);
            continue;
          }
          if (typeof value !== typeof theirs) {
            problems.push(`${component}.${key} should be ${typeof value === 'string' ? 'a text' : 'plural forms'}`);
            continue;
          }
          if (typeof value === 'object' && typeof theirs === 'object' && !('other' in theirs)) {
            problems.push(`${component}.${key} has no "other" form`);
          }
          const wanted = new Set(forms(value).flatMap(placeholders));
          for (const form of forms(theirs)) {
            const own = placeholders(form);
            if (own.some((p) => !wanted.has(p))) problems.push(`${component}.${key} fills in an unknown value`);
          }
          if (typeof value === 'string' && placeholders(value).join() !== placeholders(theirs as string).join()) {
            problems.push(`${component}.${key} should fill in {${placeholders(value).join('}, {')}}`);
          }
        }
        for (const key of Object.keys(translated)) {
          if (!(key in messages)) problems.push(`${component}.${key} is no longer used`);
        }
      }
      const known = new Set(english.map(({ store }) => (store as unknown as { component: string }).component));
      for (const [path, file] of Object.entries(files)) {
        if (path.split('/')[2] !== language) continue;
        for (const component of Object.keys(file)) {
          if (!known.has(component)) problems.push(`${path}: "${component}" is no longer used`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('speaking a language', () => {
  afterEach(() => useLanguage('en'));

  it('takes the first preferred language Twofold ships, by its primary tag', () => {
    expect(fromPreferences(['es-ES', 'de-AT', 'fr'])).toBe('de');
    expect(fromPreferences(['FR-ca'])).toBe('fr');
    expect(fromPreferences(['ja', 'pt-BR'])).toBe('en');
    expect(fromPreferences([])).toBe('en');
  });

  it('words messages, plurals and server codes in the chosen language once it is loaded', async () => {
    useLanguage('de');
    expect(locale.get()).toBe('de');
    await preload('de');
    // A store read outside a component, as plain functions in scripts do.
    expect(frictionWords.get().tech_debt).toBe('Technische Schulden');
    expect(roleLabel('tech_lead')).toBe('Tech Lead');
    expect(errorMessage('rate_limited', { retry_after: 1 })).toBe('Zu viele Versuche. Versuche es in 1 Sekunde noch einmal.');
    expect(errorMessage('too_many_columns', { limit: 8 }, 'x')).toBe('Eine Retro kann höchstens 8 Spalten haben.');
    useLanguage('fr');
    await preload('fr');
    expect(errorWords.get().rate_limited_in(2)).toBe('Trop de tentatives. Réessayez dans 2 secondes.');
    // French counts 0 as singular, English does not.
    expect(errorWords.get().rate_limited_in(0)).toBe('Trop de tentatives. Réessayez dans 0 seconde.');
    useLanguage('auto');
    expect(chosen.get()).toBeUndefined();
    expect(i18n.cache.de).toBeTruthy();
  });
});
