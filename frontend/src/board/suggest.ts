/**
 * When to ask the server for a friction-point suggestion while a card is typed, and which one to
 * offer: only text long enough to mean something, only after typing pauses, and never a point
 * the author has already picked.
 */
import type { Friction, FrictionSuggestion } from '../api/types';

export const SUGGEST_DELAY_MS = 450;
export const SUGGEST_MIN_LETTERS = 8;
/** Just after a server starts, its model takes some seconds to fit; until then it answers "not
 * ready" and is asked again this often, at most this many times for one text. */
export const SUGGEST_RETRY_MS = 2000;
export const SUGGEST_RETRIES = 30;

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
