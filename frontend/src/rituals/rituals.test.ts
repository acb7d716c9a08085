import { describe, expect, it } from 'vitest';
import type { Recurrence } from '../api/types';
import {
  canAddItem,
  checkDraft,
  describeRecurrence,
  draftOf,
  formatIn,
  hasEdgeCasesHeading,
  localToday,
  moveItem,
  newDraft,
  parseStories,
  recurrenceOf,
  removeItem,
  twoZones,
} from './rituals';

const weekly: Recurrence = {
  frequency: 'weekly',
  interval: 1,
  weekday: 'thursday',
  week_of_month: null,
  at: '09:30:00',
  duration_minutes: 30,
  timezone: 'Europe/Berlin',
  starts_on: '2026-01-05',
};

describe('describeRecurrence', () => {
  it('reads like people say it', () => {
    expect(describeRecurrence(weekly)).toBe('Every week on Thursday at 09:30, 30 min');
    expect(describeRecurrence({ ...weekly, interval: 2, duration_minutes: 60 })).toBe(
      'Every 2 weeks on Thursday at 09:30, 1 h',
    );
    expect(describeRecurrence({ ...weekly, frequency: 'biweekly', duration_minutes: 90 })).toBe(
      'Every 2 weeks on Thursday at 09:30, 1 h 30 min',
    );
    expect(
      describeRecurrence({ ...weekly, frequency: 'monthly', weekday: 'wednesday', week_of_month: 1 }),
    ).toBe('First Wednesday of every month at 09:30, 30 min');
    expect(describeRecurrence({ ...weekly, frequency: 'monthly', week_of_month: -1, interval: 3 })).toBe(
      'Last Thursday of every 3 months at 09:30, 30 min',
    );
  });
});

describe('time zones', () => {
  const start = '2026-01-08T09:30:00+01:00';

  it('shows the instant as a wall time in the zone asked for', () => {
    expect(formatIn(start, 'Europe/Berlin', 'en-GB')).toContain('09:30');
    expect(formatIn(start, 'America/New_York', 'en-GB')).toContain('03:30');
  });

  it('adds the ritual’s own time only when it differs', () => {
    expect(twoZones(start, 'Europe/Berlin', 'Europe/Berlin', 'en-GB').ritual).toBeNull();
    expect(twoZones(start, 'Europe/Berlin', 'Europe/Paris', 'en-GB').ritual).toBeNull();
    const both = twoZones(start, 'Europe/Berlin', 'Asia/Tokyo', 'en-GB');
    expect(both.local).toContain('17:30');
    expect(both.ritual).toContain('09:30');
  });
});

describe('Definition of Done edits', () => {
  const items = ['Reviewed', 'Tested', 'Released'];

  it('moves an item up or down and stops at the ends', () => {
    expect(moveItem(items, 1, -1)).toEqual(['Tested', 'Reviewed', 'Released']);
    expect(moveItem(items, 1, 1)).toEqual(['Reviewed', 'Released', 'Tested']);
    expect(moveItem(items, 0, -1)).toEqual(items);
    expect(moveItem(items, 2, 1)).toEqual(items);
  });

  it('removes by position and refuses blanks and repeats', () => {
    expect(removeItem(items, 0)).toEqual(['Tested', 'Released']);
    expect(canAddItem(items, 'Docs updated')).toBe(true);
    expect(canAddItem(items, '  tested ')).toBe(false);
    expect(canAddItem(items, '   ')).toBe(false);
  });
});

describe('hasEdgeCasesHeading', () => {
  it('accepts a heading line in any usual style', () => {
    for (const heading of ['## Edge Cases', 'Edge Cases:', '**Edge Cases**', '### edge cases']) {
      expect(hasEdgeCasesHeading(`## Context\nWhy.\n\n${heading}\n- empty input`)).toBe(true);
    }
  });

  it('does not count the words inside a sentence', () => {
    expect(hasEdgeCasesHeading('## Criteria\nRemember the edge cases here.')).toBe(false);
  });
});

describe('parseStories', () => {
  it('reads "title, points" lines with an optional tracker key', () => {
    const parsed = parseStories(
      'Checkout revamp, 13\n\nPROJ-12 Invoice export, 8\nABC-3: Search, 2.5\nUnsized story\nA, b, c, 5\n',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.stories).toEqual([
      { title: 'Checkout revamp', points: 13 },
      { title: 'Invoice export', points: 8, ref: 'PROJ-12' },
      { title: 'Search', points: 2.5, ref: 'ABC-3' },
      { title: 'Unsized story', points: null },
      { title: 'A, b, c', points: 5 },
    ]);
  });

  it('names the lines it cannot read', () => {
    const parsed = parseStories('Fine, 3\nBad, lots\nNegative, -2\n, 5');
    expect(parsed.stories).toEqual([{ title: 'Fine', points: 3 }]);
    expect(parsed.errors).toHaveLength(3);
    expect(parsed.errors[0]).toMatch(/^Line 2: “lots”/);
    expect(parsed.errors[1]).toMatch(/^Line 3/);
    expect(parsed.errors[2]).toMatch(/^Line 4: give the story a title/);
  });
});

describe('ritual drafts', () => {
  it('start from the kind’s defaults and turn into a body', () => {
    const draft = newDraft('tech_debt_review', 'Europe/Berlin', '2026-03-02');
    expect(draft.title).toBe('Tech-debt review');
    expect(recurrenceOf(draft)).toEqual({
      frequency: 'monthly',
      interval: 1,
      weekday: 'wednesday',
      week_of_month: 1,
      at: '14:00',
      duration_minutes: 60,
      timezone: 'Europe/Berlin',
      starts_on: '2026-03-02',
    });
    const weeklyDraft = { ...draft, frequency: 'weekly' as const, duration: 45 };
    expect(recurrenceOf(weeklyDraft).week_of_month).toBeNull();
    expect(recurrenceOf(weeklyDraft).duration_minutes).toBe(45);
  });

  it('take number inputs as numbers or null, and say what is wrong before sending', () => {
    const zones = ['Europe/Berlin', 'UTC'];
    const draft = newDraft('pm_tech_lead_sync', 'Europe/Berlin', '2026-03-02');
    expect(typeof draft.interval).toBe('number');
    expect(checkDraft(draft, {}, zones)).toEqual({});
    // What Svelte binds an emptied number input to, and a value out of range.
    const emptied = { ...draft, interval: null, duration: 2 };
    expect(checkDraft(emptied, {}, zones)).toEqual({
      'recurrence.interval': 'Enter a number.',
      'recurrence.duration_minutes': 'Use a number from 5 to 480.',
    });
    expect(checkDraft({ ...draft, interval: 1.5 }, {}, zones)).toEqual({
      'recurrence.interval': 'Enter a whole number.',
    });
    expect(checkDraft(draft, { duration: true }, zones)).toEqual({
      'recurrence.duration_minutes': 'Enter a number.',
    });
    expect(checkDraft({ ...draft, timezone: 'Berlin time' }, {}, zones)['recurrence.timezone']).toMatch(
      /^Pick a time zone from the list/,
    );
    expect(checkDraft({ ...draft, title: '  ' }, {}, zones).title).toBe('Give the ritual a title.');
  });

  it('round-trip a stored recurrence', () => {
    const draft = draftOf('pm_tech_lead_sync', 'Sync', weekly);
    expect(draft.at).toBe('09:30');
    expect(recurrenceOf(draft)).toEqual({ ...weekly, at: '09:30' });
  });

  it('write today as the reader’s calendar date', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
