/**
 * The rituals page's rules that need no DOM: how a recurrence reads, dates in two time zones,
 * the Definition of Done list edits, and the pasted stories for the pairing check.
 */
import type { PairingCheckStory, Recurrence, RitualKind, Weekday } from '../api/types';
import { checkNumber, collect, maxChars, required, type Errors } from '../ui/forms';
import { labelsOf } from '../actions/items';
import { locale as uiLocale } from '../i18n/language';
import { checkZone } from './zones';
import { kindWords, purposeWords, recurrenceWords, ruleWords, weekdayWords } from './rituals.messages';

export const KINDS: readonly RitualKind[] = ['pm_tech_lead_sync', 'tech_debt_review', 'retro'];
export const KIND_LABELS = labelsOf(KINDS, kindWords);
export const KIND_PURPOSE = labelsOf(KINDS, purposeWords);

export const WEEKDAYS: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

type Ordinal = 'first' | 'second' | 'third' | 'fourth' | 'last';
const ORDINALS: Record<number, Ordinal> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' };

/** The week of the month as the form and the schedule name it: "First", …, "Last". */
export function ordinalLabel(week: number): string {
  return recurrenceWords.get()[ORDINALS[week] ?? 'first'];
}

export const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export function weekdayLabel(day: string): string {
  return (weekdayWords.get() as Record<string, string>)[day] ?? capital(day);
}

/** "09:30:00" or "09:30" → "09:30". */
export function shortTime(at: string): string {
  return at.slice(0, 5);
}

/** "Every week on Thursday at 09:30, 30 min", "First Wednesday of every month at 14:00, 1 h". */
export function describeRecurrence(rec: Recurrence): string {
  const w = recurrenceWords.get();
  const day = weekdayLabel(rec.weekday);
  const length =
    rec.duration_minutes % 60 === 0
      ? `${rec.duration_minutes / 60} h`
      : rec.duration_minutes > 60
        ? `${Math.floor(rec.duration_minutes / 60)} h ${rec.duration_minutes % 60} min`
        : `${rec.duration_minutes} min`;
  const time = shortTime(rec.at);
  if (rec.frequency === 'monthly') {
    const nth = ordinalLabel(rec.week_of_month ?? 1);
    return rec.interval === 1
      ? w.monthlyOne({ nth, day, time, length })
      : w.monthlyMany({ nth, day, count: rec.interval, time, length });
  }
  const weeks = rec.interval * (rec.frequency === 'biweekly' ? 2 : 1);
  return weeks === 1 ? w.weeklyOne({ day, time, length }) : w.weeklyMany({ count: weeks, day, time, length });
}

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** An instant as a wall time in `timeZone`: "Thu, Jan 9, 10:00". */
export function formatIn(iso: string, timeZone: string, locale: string = uiLocale.get()): string {
  return new Date(iso).toLocaleString(locale, {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/**
 * The next start for someone reading it: in their own zone, and in the ritual's when that
 * differs, so a remote teammate sees both their time and the one the meeting is set in.
 */
export function twoZones(
  iso: string,
  ritualZone: string,
  viewerZone: string,
  locale: string = uiLocale.get(),
): { local: string; ritual: string | null } {
  const local = formatIn(iso, viewerZone, locale);
  const there = formatIn(iso, ritualZone, locale);
  return { local, ritual: ritualZone === viewerZone || there === local ? null : there };
}

export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const copy = [...items];
  [copy[index], copy[target]] = [copy[target]!, copy[index]!];
  return copy;
}

export function removeItem<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/** Whether a new Definition of Done item may be added: not blank, not there already. */
export function canAddItem(items: readonly string[], item: string): boolean {
  const wanted = item.trim().toLowerCase();
  return wanted !== '' && !items.some((i) => i.trim().toLowerCase() === wanted);
}

/**
 * The server's Edge Cases rule, mirrored to warn while typing: a heading line of its own
 * ("## Edge Cases", "Edge Cases:", "**Edge Cases**"), not the words in a sentence.
 */
export function hasEdgeCasesHeading(text: string): boolean {
  return text
    .split(/\r?\n/)
    .some((line) => /^\s*(#{1,6}\s*|\*\*\s*)?edge cases\s*(\*\*)?\s*:?\s*$/i.test(line));
}

export interface ParsedStories {
  stories: PairingCheckStory[];
  /** One message per line that could not be read, with its line number. */
  errors: string[];
}

const REF = /^([A-Z][A-Z0-9]*-\d+)[:\s]\s*/;

/**
 * Stories pasted one per line as "title, points", optionally led by a tracker key
 * ("PROJ-12 Checkout revamp, 13"). The points are the text after the last comma; a line
 * without one is a story with no estimate yet.
 */
export function parseStories(text: string): ParsedStories {
  const stories: PairingCheckStory[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const comma = line.lastIndexOf(',');
    let title = line;
    let points: number | null = null;
    if (comma >= 0) {
      const tail = line.slice(comma + 1).trim();
      title = line.slice(0, comma).trim();
      points = tail === '' ? null : Number(tail);
      if (points !== null && (!Number.isFinite(points) || points < 0)) {
        errors.push(ruleWords.get().notPoints({ line: i + 1, value: tail }));
        return;
      }
    }
    const ref = REF.exec(title);
    const story: PairingCheckStory = { title: ref ? title.slice(ref[0].length).trim() : title, points };
    if (ref) story.ref = ref[1]!;
    if (!story.title) {
      errors.push(ruleWords.get().noTitle({ line: i + 1 }));
      return;
    }
    stories.push(story);
  });
  return { stories, errors };
}

/**
 * What the ritual form edits, typed as its inputs give it: text as strings, the select of the
 * week of the month as a string, number inputs as a number or null while empty.
 */
export interface RitualDraft {
  kind: RitualKind;
  title: string;
  frequency: Recurrence['frequency'];
  interval: number | null;
  weekday: Weekday;
  weekOfMonth: string;
  at: string;
  duration: number | null;
  timezone: string;
  startsOn: string;
}

/** The kinds' first settings, as the server picks them when none are sent. */
const KIND_DEFAULTS: Record<RitualKind, Pick<RitualDraft, 'frequency' | 'interval' | 'weekday' | 'weekOfMonth' | 'at' | 'duration'>> = {
  pm_tech_lead_sync: { frequency: 'weekly', interval: 1, weekday: 'tuesday', weekOfMonth: '', at: '10:00', duration: 30 },
  tech_debt_review: { frequency: 'monthly', interval: 1, weekday: 'wednesday', weekOfMonth: '1', at: '14:00', duration: 60 },
  retro: { frequency: 'weekly', interval: 2, weekday: 'friday', weekOfMonth: '', at: '15:00', duration: 60 },
};

export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function newDraft(kind: RitualKind, timezone: string, today: string): RitualDraft {
  return { kind, title: KIND_LABELS[kind], ...KIND_DEFAULTS[kind], timezone, startsOn: today };
}

export function draftOf(kind: RitualKind, title: string, rec: Recurrence): RitualDraft {
  return {
    kind,
    title,
    frequency: rec.frequency,
    interval: rec.interval,
    weekday: rec.weekday,
    weekOfMonth: rec.week_of_month === null ? '' : String(rec.week_of_month),
    at: shortTime(rec.at),
    duration: rec.duration_minutes,
    timezone: rec.timezone,
    startsOn: rec.starts_on,
  };
}

/** Problems the form can name before sending, by the API's field names. */
export function checkDraft(
  draft: RitualDraft,
  unreadable: { interval?: boolean; duration?: boolean } = {},
  zones: readonly string[] = [],
): Errors {
  const w = ruleWords.get();
  return collect({
    title: required(draft.title, w.titleMissing) || maxChars(draft.title, 120),
    'recurrence.interval': checkNumber(draft.interval, {
      required: true,
      integer: true,
      min: 1,
      max: 12,
      unreadable: unreadable.interval,
    }),
    'recurrence.duration_minutes': checkNumber(draft.duration, {
      required: true,
      integer: true,
      min: 5,
      max: 480,
      unreadable: unreadable.duration,
    }),
    'recurrence.at': draft.at ? '' : w.startMissing,
    'recurrence.timezone': checkZone(draft.timezone, zones),
    'recurrence.starts_on': draft.startsOn ? '' : w.firstDayMissing,
  });
}

/** The body's recurrence, from a draft `checkDraft` found nothing wrong with. */
export function recurrenceOf(draft: RitualDraft) {
  return {
    frequency: draft.frequency,
    interval: draft.interval ?? 1,
    weekday: draft.weekday,
    week_of_month:
      draft.frequency === 'monthly' ? (Number(draft.weekOfMonth || '1') as 1 | 2 | 3 | 4 | -1) : null,
    at: draft.at,
    duration_minutes: draft.duration ?? 30,
    timezone: draft.timezone.trim(),
    starts_on: draft.startsOn,
  };
}
