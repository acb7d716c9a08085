/**
 * Dates for people. Calendar dates (`2026-11-24`, a sprint's start) are shown as that day
 * wherever the reader is; instants (`created_at`) are shown in the reader's own time zone.
 */

const DAY = 86_400_000;

/** `2026-11-24` → a local Date at midnight of that day; null for anything else. */
export function parseCalendarDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(value: string | null | undefined, locale?: string): string {
  const date = parseCalendarDate(value);
  if (!date) return '';
  return date.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** "Nov 10 – Nov 24, 2026", "from Nov 10, 2026", "until …", or '' when neither is set. */
export function formatDateRange(
  start: string | null | undefined,
  end: string | null | undefined,
  locale?: string,
): string {
  const a = parseCalendarDate(start);
  const b = parseCalendarDate(end);
  const full: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
  if (a && b) {
    const sameYear = a.getFullYear() === b.getFullYear();
    const first = a.toLocaleDateString(locale, sameYear ? { month: 'short', day: 'numeric' } : full);
    return `${first} – ${b.toLocaleDateString(locale, full)}`;
  }
  if (a) return `from ${a.toLocaleDateString(locale, full)}`;
  if (b) return `until ${b.toLocaleDateString(locale, full)}`;
  return '';
}

export function formatDateTime(iso: string | null | undefined, locale?: string): string {
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
export function relativeTime(iso: string | null | undefined, now = Date.now(), locale?: string): string {
  if (!iso) return '';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const diff = then - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
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
export function formatDay(iso: string | null | undefined, locale?: string): string {
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
