import { describe, expect, it } from 'vitest';
import { formatDate, formatDateRange, isOverdue, isPast, parseCalendarDate, relativeTime } from './format';

describe('calendar dates', () => {
  it('parses only YYYY-MM-DD, as that local day', () => {
    const d = parseCalendarDate('2026-11-24');
    expect(d && [d.getFullYear(), d.getMonth(), d.getDate()]).toEqual([2026, 10, 24]);
    expect(parseCalendarDate('24/11/2026')).toBeNull();
    expect(parseCalendarDate(null)).toBeNull();
  });

  it('formats single dates and ranges', () => {
    expect(formatDate('2026-11-24', 'en-US')).toBe('Nov 24, 2026');
    expect(formatDate('', 'en-US')).toBe('');
    expect(formatDateRange('2026-11-10', '2026-11-24', 'en-US')).toBe('Nov 10 – Nov 24, 2026');
    expect(formatDateRange('2025-12-29', '2026-01-09', 'en-US')).toBe(
      'Dec 29, 2025 – Jan 9, 2026',
    );
    expect(formatDateRange('2026-11-10', null, 'en-US')).toBe('from Nov 10, 2026');
    expect(formatDateRange(null, '2026-11-24', 'en-US')).toBe('until Nov 24, 2026');
    expect(formatDateRange(null, null)).toBe('');
  });
});

describe('relative times', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');

  it('speaks in the nearest sensible unit', () => {
    expect(relativeTime('2026-11-24T12:00:10Z', now, 'en')).toBe('just now');
    expect(relativeTime('2026-12-01T12:00:00Z', now, 'en')).toBe('in 7 days');
    expect(relativeTime('2026-11-24T09:00:00Z', now, 'en')).toBe('3 hours ago');
    expect(relativeTime('2026-11-24T12:20:00Z', now, 'en')).toBe('in 20 minutes');
    expect(relativeTime('not a date', now)).toBe('');
  });

  it('knows whether an instant has passed', () => {
    expect(isPast('2026-11-24T11:59:59Z', now)).toBe(true);
    expect(isPast('2026-11-25T00:00:00Z', now)).toBe(false);
    expect(isPast(null, now)).toBe(false);
  });
});

describe('overdue action items', () => {
  it('is overdue only after the due day has passed, locally', () => {
    const noon = new Date(2026, 10, 24, 12).getTime();
    expect(isOverdue('2026-11-23', noon)).toBe(true);
    expect(isOverdue('2026-11-24', noon)).toBe(false);
    expect(isOverdue('2026-11-25', noon)).toBe(false);
    expect(isOverdue(null, noon)).toBe(false);
    expect(isOverdue('soon', noon)).toBe(false);
  });
});
