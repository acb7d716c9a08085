/**
 * Dates for people. Calendar dates (`2026-11-24`, a sprint's start) are shown as that day
 * wherever the reader is; instants (`created_at`) are shown in the reader's own time zone.
 */

import { locale as uiLocale } from '../i18n/language';
import { formatWords } from './format.messages';

const DAY = 86_400_000;
/** Dates are written the way the UI's language writes them, unless a caller names a locale. */
const here = (): string => uiLocale.get();

/** A figure with exactly `digits` decimals, as the UI's language writes it: `3.7`, `3,7`. */
export function formatFixed(value: number, digits = 1, locale: string = here()): string {
  return value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
}

/** At most `digits` decimals, no trailing zeros: `1.23`, `2`; `1,23` in German. */
export function formatUpTo(value: number, digits = 2, locale: string = here()): string {
  return value.toLocaleString(locale, { maximumFractionDigits: digits, useGrouping: false });
}

/** `2026-11-24` → a local Date at midnight of that day; null for anything else. */
export function parseCalendarDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(value: string | null | undefined, locale: string = here()): string {
  const date = parseCalendarDate(value);
  if (!date) return '';
  return date.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** "Nov 10 – Nov 24, 2026", "from Nov 10, 2026", "until …", or '' when neither is set. */
export function formatDateRange(
  start: string | null | undefined,
  end: string | null | undefined,
  locale: string = here(),
): string {
  const a = parseCalendarDate(start);
  const b = parseCalendarDate(end);
  const full: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
  if (a && b) {
    const sameYear = a.getFullYear() === b.getFullYear();
    const first = a.toLocaleDateString(locale, sameYear ? { month: 'short', day: 'numeric' } : full);
    return `${first} – ${b.toLocaleDateString(locale, full)}`;
  }
  if (a) return formatWords.get().from({ date: a.toLocaleDateString(locale, full) });
  if (b) return formatWords.get().until({ date: b.toLocaleDateString(locale, full) });
  return '';
}

export function formatDateTime(iso: string | null | undefined, locale: string = here()): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** "in 6 days", "3 hours ago", "just now". */
export function relativeTime(iso: string | null | undefined, now = Date.now(), locale: string = here()): string {
  if (!iso) return '';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const diff = then - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return formatWords.get().justNow;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  if (abs < 45 * DAY) return rtf.format(Math.round(diff / DAY), 'day');
  return rtf.format(Math.round(diff / (30 * DAY)), 'month');
}

export function isPast(iso: string | null | undefined, now = Date.now()): boolean {
  if (!iso) return false;
  const t = new Date(iso).getTime();
  return !Number.isNaN(t) && t <= now;
}

/** The reader's local calendar day of an instant: "Nov 24, 2026". */
export function formatDay(iso: string | null | undefined, locale: string = here()): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A due date (`2026-11-24`) is overdue from the day after it, in the reader's time zone. */
export function isOverdue(due: string | null | undefined, now = Date.now()): boolean {
  const day = parseCalendarDate(due);
  if (!day) return false;
  const today = new Date(now);
  today.setHours(0, 0, 0, 0);
  return day.getTime() < today.getTime();
}
