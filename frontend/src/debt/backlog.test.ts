import { describe, expect, it } from 'vitest';
import type { DebtItem } from '../api/types';
import {
  awaiting,
  capacityLabel,
  checkDraft,
  checkPoints,
  closedItems,
  createBody,
  draftOf,
  emptyDraft,
  formatEffort,
  formatHours,
  formatImpact,
  formatPriority,
  formatShare,
  mayDelete,
  missingText,
  needsEng,
  needsPm,
  parseNumber,
  statusLabel,
  updateBody,
} from './backlog';

function item(over: Partial<DebtItem> = {}): DebtItem {
  return {
    id: 'd1',
    team_id: 't1',
    title: 'Flaky checkout tests',
    description: '',
    area: 'checkout',
    drag_hours: 6,
    impact: null,
    effort: 3,
    status: 'open',
    drag_score: 2.5,
    value: null,
    priority: null,
    missing: ['pm_impact'],
    created_by: 'u1',
    eng_scored_by: 'u2',
    pm_scored_by: null,
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    links: [],
    ...over,
  };
}

describe('formatting scores', () => {
  it('shows a dash for a score not given yet', () => {
    expect(formatPriority(null)).toBe('—');
    expect(formatHours(undefined)).toBe('—');
    expect(formatImpact(null)).toBe('—');
    expect(formatEffort(null)).toBe('—');
    expect(formatShare(null)).toBe('—');
  });

  it('formats each score in its unit', () => {
    expect(formatPriority(0.5412)).toBe('0.54');
    expect(formatPriority(2)).toBe('2.00');
    expect(formatHours(8)).toBe('8 h');
    expect(formatHours(2.25)).toBe('2.3 h');
    expect(formatHours(0)).toBe('0 h');
    expect(formatImpact(4)).toBe('4 / 5');
    expect(formatEffort(1)).toBe('1 pt');
    expect(formatEffort(13)).toBe('13 pts');
    expect(formatShare(18.75)).toBe('18.8 %');
    expect(formatShare(20)).toBe('20 %');
  });

  it('names statuses and capacity states', () => {
    expect(statusLabel('wont_fix')).toBe("Won't fix");
    expect(statusLabel('in_progress')).toBe('In progress');
    expect(statusLabel('something_new')).toBe('something_new');
    expect(capacityLabel('at')).toBe('At target');
    expect(capacityLabel(null)).toBe('Not recorded');
  });

  it('says what an item is waiting for', () => {
    expect(missingText([])).toBe('');
    expect(missingText(['pm_impact'])).toBe('Needs impact');
    expect(missingText(['eng_drag', 'eng_effort'])).toBe('Needs drag and effort');
    expect(missingText(['pm_impact', 'eng_drag', 'eng_effort'])).toBe('Needs impact, drag and effort');
  });
});

describe('splitting the backlog', () => {
  const pmOnly = item({ id: 'a', missing: ['pm_impact'] });
  const both = item({ id: 'b', missing: ['pm_impact', 'eng_drag', 'eng_effort'] });
  const engOnly = item({ id: 'c', missing: ['eng_effort'] });

  it('lists what waits on each side, keeping the ranking order', () => {
    const out = awaiting({
      unscored: [pmOnly, both, engOnly],
      awaiting_pm: ['b', 'a'],
      awaiting_eng: ['c', 'b'],
    });
    expect(out.pm.map((i) => i.id)).toEqual(['a', 'b']);
    expect(out.eng.map((i) => i.id)).toEqual(['b', 'c']);
  });

  it('knows which side an item waits on', () => {
    expect([needsPm(pmOnly), needsEng(pmOnly)]).toEqual([true, false]);
    expect([needsPm(both), needsEng(both)]).toEqual([true, true]);
    expect([needsPm(engOnly), needsEng(engOnly)]).toEqual([false, true]);
  });

  it('keeps closed items apart, latest change first', () => {
    const done = item({ id: 'x', status: 'done', updated_at: '2026-11-02T00:00:00Z' });
    const dropped = item({ id: 'y', status: 'wont_fix', updated_at: '2026-11-03T00:00:00Z' });
    expect(closedItems([pmOnly, done, dropped, engOnly]).map((i) => i.id)).toEqual(['y', 'x']);
  });

  it('lets the author or a facilitator delete', () => {
    expect(mayDelete(item(), { user_id: 'u1', is_facilitator: false })).toBe(true);
    expect(mayDelete(item(), { user_id: 'u9', is_facilitator: false })).toBe(false);
    expect(mayDelete(item(), { user_id: 'u9', is_facilitator: true })).toBe(true);
    expect(mayDelete(item({ created_by: null }), { user_id: 'u9', is_facilitator: false })).toBe(false);
  });
});

describe('the item form', () => {
  it('parses typed numbers', () => {
    expect(parseNumber('')).toBeNull();
    expect(parseNumber(' 2,5 ')).toBe(2.5);
    expect(parseNumber('abc')).toBeNaN();
  });

  it('checks fields like the API does', () => {
    expect(checkDraft({ ...emptyDraft(), title: 'Ok' })).toEqual({});
    const errors = checkDraft({ ...emptyDraft(), title: ' ', drag: '201', impact: '6', effort: '4' });
    expect(Object.keys(errors).sort()).toEqual(['drag_hours', 'effort', 'impact', 'title']);
    expect(checkDraft({ ...emptyDraft(), title: 'x'.repeat(201) }).title).toMatch(/200/);
    expect(checkDraft({ ...emptyDraft(), title: 'x', drag: '0', impact: '5', effort: '13' })).toEqual({});
  });

  it('sends scores as numbers and empty scores as null', () => {
    const body = createBody({ ...emptyDraft(), title: ' Slow CI ', area: ' build ', drag: '4', effort: '5' });
    expect(body).toEqual({
      title: 'Slow CI',
      description: '',
      area: 'build',
      drag_hours: 4,
      impact: null,
      effort: 5,
      status: 'open',
    });
  });

  it('sends only the fields that changed, null to clear a score', () => {
    const before = item();
    expect(updateBody(before, draftOf(before))).toEqual({});
    const draft = { ...draftOf(before), impact: '4', drag: '', status: 'planned' as const };
    expect(updateBody(before, draft)).toEqual({ impact: 4, drag_hours: null, status: 'planned' });
  });
});

describe('the capacity form', () => {
  it('wants both numbers, debt within the total', () => {
    expect(checkPoints({ total: '30', debt: '6' })).toEqual({});
    expect(Object.keys(checkPoints({ total: '', debt: 'x' })).sort()).toEqual([
      'debt_points',
      'total_points',
    ]);
    expect(checkPoints({ total: '10', debt: '12' })).toEqual({
      debt_points: 'Debt points cannot be more than the total.',
    });
    expect(checkPoints({ total: '0', debt: '0' })).toEqual({});
  });
});
