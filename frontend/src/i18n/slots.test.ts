import { describe, expect, it } from 'vitest';
import { slots } from './slots';

describe('a sentence with slots', () => {
  it('is split around the slots it fills, wherever they stand', () => {
    expect(slots('Tick {show} to see them, or start a {newRetro}.', { show: 'A', newRetro: 'B' })).toEqual([
      { text: 'Tick ', slot: null },
      { text: 'A', slot: 'show' },
      { text: ' to see them, or start a ', slot: null },
      { text: 'B', slot: 'newRetro' },
      { text: '.', slot: null },
    ]);
    expect(slots('{code} first', { code: '{x}' })).toEqual([
      { text: '{x}', slot: 'code' },
      { text: ' first', slot: null },
    ]);
  });

  it('leaves braces it has no value for as they are', () => {
    expect(slots('keep {this}', {})).toEqual([
      { text: 'keep ', slot: null },
      { text: '{this}', slot: null },
    ]);
  });
});
