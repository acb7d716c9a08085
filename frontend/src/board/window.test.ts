import { describe, expect, it } from 'vitest';
import { firstCards, InFull } from './window.svelte';

describe('firstCards', () => {
  it('fills a tall window with short cards', () => {
    expect(firstCards(1440)).toBe(24);
    expect(firstCards(1441)).toBe(25);
  });

  it('never draws fewer than a dozen, however short the window', () => {
    expect(firstCards(300)).toBe(12);
    expect(firstCards(0)).toBe(12);
  });
});

describe('InFull', () => {
  it('draws the first screenful in full by place, and the rest once it comes near', () => {
    const full = new InFull(2);
    expect([full.has('a', 0), full.has('b', 1), full.has('c', 2)]).toEqual([true, true, false]);
    full.came('c');
    expect(full.has('c', 2)).toBe(true);
  });

  it('keeps an item in full wherever it moves', () => {
    const full = new InFull(2);
    expect(full.has('a', 1)).toBe(true);
    // Two items came above it: by place alone it would be in brief now.
    expect(full.has('a', 3)).toBe(true);
    expect(full.has('z', 3)).toBe(false);
  });
});
