/**
 * When to ask the server for a friction-point suggestion while a card is typed, and which one to
 * offer: only text long enough to mean something, only after typing pauses, and never a point
 * the author has already picked.
 */
import type { Friction, FrictionSuggestion } from '../api/types';

export const SUGGEST_DELAY_MS = 450;
export const SUGGEST_MIN_LETTERS = 8;

export function worthAsking(text: string): boolean {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length >= SUGGEST_MIN_LETTERS;
}

export function offer(
  suggestions: FrictionSuggestion[],
  chosen: Friction | '',
): FrictionSuggestion | null {
  const best = suggestions[0];
  if (!best || !best.confident || best.friction === chosen) return null;
  return best;
}
