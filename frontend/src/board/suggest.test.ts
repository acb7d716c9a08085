import { describe, expect, it } from 'vitest';
import { offer, worthAsking } from './suggest';

describe('worthAsking', () => {
  it('waits for enough letters or digits', () => {
    expect(worthAsking('ok!!  ...')).toBe(false);
    expect(worthAsking('flaky CI')).toBe(false);
    expect(worthAsking('flaky CI again')).toBe(true);
    expect(worthAsking('Überstunden')).toBe(true);
  });
});

describe('offer', () => {
  const tech = { friction: 'tech_debt' as const, confidence: 0.8, confident: true };

  it('offers the best confident suggestion', () => {
    expect(offer([tech], '')).toEqual(tech);
  });

  it('offers nothing unsure, nothing at all, or what is already chosen', () => {
    expect(offer([{ ...tech, confident: false }], '')).toBeNull();
    expect(offer([], '')).toBeNull();
    expect(offer([tech], 'tech_debt')).toBeNull();
  });

  it('offers a different point than the one chosen', () => {
    expect(offer([tech], 'estimation')).toEqual(tech);
  });
});
