import { describe, expect, it } from 'vitest';
import { CARD_TEXT_MAX, charCount, counterState, isSendable } from './counter';

describe('card text counter', () => {
  it('counts code points of the trimmed text', () => {
    expect(charCount('  hello  ')).toBe(5);
    expect(charCount('ship it 🚀')).toBe(9);
    expect(charCount('\n\n')).toBe(0);
  });

  it('shows count over max and warns near the limit', () => {
    expect(counterState('abc')).toMatchObject({ label: '3 / 2000', remaining: 1997, tone: 'normal' });
    expect(counterState('x'.repeat(1900)).tone).toBe('warn');
    expect(counterState('x'.repeat(CARD_TEXT_MAX)).tone).toBe('warn');
    const over = counterState('x'.repeat(CARD_TEXT_MAX + 5));
    expect(over).toMatchObject({ tone: 'over', remaining: -5 });
    expect(over.spoken).toBe('5 characters over the limit of 2000');
    expect(counterState('ab', 10).spoken).toBe('8 characters left');
  });

  it('allows 1 to 2000 characters, whitespace alone is empty', () => {
    expect(isSendable('')).toBe(false);
    expect(isSendable('   ')).toBe(false);
    expect(isSendable('a')).toBe(true);
    expect(isSendable('🚀'.repeat(CARD_TEXT_MAX))).toBe(true);
    expect(isSendable('a'.repeat(CARD_TEXT_MAX + 1))).toBe(false);
  });
});
