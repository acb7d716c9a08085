import { describe, expect, it } from 'vitest';
import { CHIPS_SHOWN, chips } from './chips';

describe('chips', () => {
  it('shows everyone on a small board', () => {
    expect(chips(['a', 'b'])).toEqual({ shown: ['a', 'b'], more: 0 });
    expect(chips([])).toEqual({ shown: [], more: 0 });
  });

  it('shows the first ones on a crowded board and counts the rest', () => {
    const people = Array.from({ length: 151 }, (_, i) => `p${i}`);
    const { shown, more } = chips(people);
    expect(shown).toEqual(people.slice(0, CHIPS_SHOWN));
    expect(more).toBe(151 - CHIPS_SHOWN);
  });

  it('counts nobody twice at the edge', () => {
    const people = Array.from({ length: CHIPS_SHOWN + 1 }, (_, i) => i);
    expect(chips(people)).toEqual({ shown: people.slice(0, CHIPS_SHOWN), more: 1 });
    expect(chips(people.slice(0, CHIPS_SHOWN)).more).toBe(0);
  });
});
