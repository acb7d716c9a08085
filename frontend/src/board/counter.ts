/**
 * The card text rule as the server applies it: 1–2000 characters. Python counts code points, so
 * we do too (an emoji is one character, not two UTF-16 units). Surrounding whitespace is trimmed
 * before sending and therefore not counted.
 */
import { counterWords } from './counter.messages';

export const CARD_TEXT_MAX = 2000;
/** The counter turns amber this close to the limit. */
export const CARD_TEXT_WARN_AT = 100;

export interface CounterState {
  count: number;
  max: number;
  remaining: number;
  tone: 'normal' | 'warn' | 'over';
  /** The visible text, e.g. `"12 / 2000"`. */
  label: string;
  /** What a screen reader hears. */
  spoken: string;
}

export function charCount(text: string): number {
  return [...text.trim()].length;
}

export function counterState(text: string, max = CARD_TEXT_MAX): CounterState {
  const count = charCount(text);
  const remaining = max - count;
  const tone = remaining < 0 ? 'over' : remaining <= CARD_TEXT_WARN_AT ? 'warn' : 'normal';
  const words = counterWords.get();
  const spoken = remaining < 0 ? words.over({ max: String(max) })(-remaining) : words.left(remaining);
  return { count, max, remaining, tone, label: `${count} / ${max}`, spoken };
}

/** True when the text may be sent: something besides whitespace, and not over the limit. */
export function isSendable(text: string, max = CARD_TEXT_MAX): boolean {
  const count = charCount(text);
  return count > 0 && count <= max;
}
