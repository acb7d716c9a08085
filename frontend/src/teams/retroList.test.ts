import { describe, expect, it } from 'vitest';
import { deleteWarning, retroCounts, retroStatus, visibleRetros } from './retroList';

describe('the team’s list of retros', () => {
  it('says where each retro stands', () => {
    expect(retroStatus({ phase: 'reflect', closed_at: null })).toBe('Reflecting');
    expect(retroStatus({ phase: 'check_in', closed_at: null })).toBe('Checking in');
    expect(retroStatus({ phase: 'closed', closed_at: '2026-12-19T15:00:00Z' }, 'en-US')).toBe(
      'Closed Dec 19, 2026',
    );
    // Closed before the closing time was kept.
    expect(retroStatus({ phase: 'closed', closed_at: null })).toBe('Closed');
  });

  it('counts cards and action items', () => {
    expect(retroCounts({ card_count: 12, action_count: 3 })).toBe('12 cards · 3 action items');
    expect(retroCounts({ card_count: 1, action_count: 1 })).toBe('1 card · 1 action item');
    expect(retroCounts({ card_count: 0, action_count: 0 })).toBe('0 cards · 0 action items');
  });

  it('says what deleting loses and what stays', () => {
    const both = deleteWarning({ card_count: 12, action_count: 3 });
    expect(both).toContain('deletes its 12 cards with their groups, votes and notes');
    expect(both).toContain("Its 3 action items stay on the team's action list.");
    expect(both).toContain('cannot be undone');
    const one = deleteWarning({ card_count: 0, action_count: 1 });
    expect(one).toContain('deletes its board');
    expect(one).toContain('Its 1 action item stays');
    expect(deleteWarning({ card_count: 2, action_count: 0 })).not.toContain('action');
  });

  it('hides archived retros unless asked', () => {
    const list = [
      { id: 'a', archived_at: null },
      { id: 'b', archived_at: '2026-12-01T00:00:00Z' },
    ];
    expect(visibleRetros(list, false).map((r) => r.id)).toEqual(['a']);
    expect(visibleRetros(list, true).map((r) => r.id)).toEqual(['a', 'b']);
  });
});
