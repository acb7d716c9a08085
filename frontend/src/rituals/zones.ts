/**
 * Time zones as people look for them: by the city they live in ("berlin", "new york"), the
 * region, or the IANA name the server stores. The list is the browser's own
 * (`Intl.supportedValuesOf`), which the server accepts as it is.
 */

import { locale } from '../i18n/language';
import { zoneWords } from './rituals.messages';

type Renamed = 'kolkata' | 'hoChiMinh' | 'kathmandu' | 'yangon' | 'asmara' | 'kyiv' | 'nuuk' | 'faroe' | 'chuuk' | 'pohnpei';

/** Cities the zone database still names as they were once spelt, so today's name finds them. */
const NOW_CALLED: Record<string, Renamed> = {
  'Asia/Calcutta': 'kolkata',
  'Asia/Saigon': 'hoChiMinh',
  'Asia/Katmandu': 'kathmandu',
  'Asia/Rangoon': 'yangon',
  'Africa/Asmera': 'asmara',
  'Europe/Kiev': 'kyiv',
  'America/Godthab': 'nuuk',
  'Atlantic/Faeroe': 'faroe',
  'Pacific/Truk': 'chuuk',
  'Pacific/Ponape': 'pohnpei',
};

export interface ZoneOption {
  id: string;
  /** "New York", or the name it goes by today when the zone database keeps an old one. */
  city: string;
  /** "America", "America / Argentina"; empty for zones such as UTC. */
  region: string;
}

export function zoneOption(id: string): ZoneOption {
  const parts = id.split('/');
  const last = parts[parts.length - 1] ?? id;
  const renamed = NOW_CALLED[id];
  return {
    id,
    city: renamed ? zoneWords.get()[renamed] : last.replace(/_/g, ' '),
    region: parts.slice(0, -1).join(' / ').replace(/_/g, ' '),
  };
}

/** Every zone this browser knows, UTC included (it is not always in the list). */
export function allZones(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return known.includes('UTC') ? [...known] : ['UTC', ...known];
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[_/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The zones matching what was typed, best first: a city that starts with it, then a city with a
 * word that starts with it, then any zone whose name or region holds it. Empty for an empty
 * query.
 */
export function searchZones(query: string, zones: readonly string[], limit = 8): ZoneOption[] {
  const q = fold(query);
  if (!q) return [];
  const scored: { option: ZoneOption; score: number }[] = [];
  for (const id of zones) {
    const option = zoneOption(id);
    const city = fold(option.city);
    const oldCity = fold(id.split('/').pop() ?? '');
    let score = -1;
    if (city.startsWith(q) || oldCity.startsWith(q)) score = 0;
    else if (city.split(' ').some((w) => w.startsWith(q))) score = 1;
    else if (fold(id).includes(q) || fold(option.region).includes(q) || city.includes(q)) score = 2;
    if (score >= 0) scored.push({ option, score });
  }
  scored.sort((a, b) => a.score - b.score || a.option.city.localeCompare(b.option.city));
  return scored.slice(0, limit).map((s) => s.option);
}

/** The zone for what was typed: itself when it is a zone, else the one city it names. */
export function resolveZone(text: string, zones: readonly string[]): string | null {
  const typed = text.trim();
  if (zones.includes(typed)) return typed;
  const exact = zones.filter((id) => fold(zoneOption(id).city) === fold(typed) || fold(id) === fold(typed));
  return exact.length === 1 ? exact[0]! : null;
}

/** '' for a zone from the list; otherwise what to do about it. */
export function checkZone(value: string, zones: readonly string[]): string {
  if (!value.trim()) return zoneWords.get().missing;
  if (zones.length && !zones.includes(value.trim())) {
    return zoneWords.get().notListed;
  }
  return '';
}

/** "UTC+01:00"-style offset of a zone at `at`, for the list; '' if the browser cannot say. */
export function zoneOffset(id: string, at: Date = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat(locale.get(), { timeZone: id, timeZoneName: 'shortOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName');
    return part ? part.value.replace('GMT', 'UTC') : '';
  } catch {
    return '';
  }
}
