/** What a card says about itself besides its words: who wrote it, and the line a card drawn in
 * brief shows under them. Shared by the card in full and in brief so that both say the same. */
import type { Card } from '../api/types';
import { frictionLabel, polarityLabel, roleLabel } from '../vocab/labels';
import { cardWords } from './CardView.messages';

type Words = ReturnType<typeof cardWords.get>;

// Read once per card drawn in brief, thousands at a time: kept listening, a read is a lookup
// (see vocab/labels.ts).
cardWords.listen(() => {});

/** The author as the reader may know them: a name, "You", "Anonymous" on an anonymous board, or
 * nothing. */
export function authorOf(card: Card, anonymous: boolean | undefined, words: Words): string {
  return card.author_name ?? (card.is_mine ? words.you : anonymous ? words.anonymous : '');
}

export function roleOf(card: Card, words: Words): string {
  if (!card.author_role) return '';
  const role = roleLabel(card.author_role);
  return card.author_kind === 'guest' ? words.guestRole({ role }) : role;
}

/** "Went well · Tech debt · You · PM": everything a card in full shows, in one line. A board
 * is left for another page to change its language, so the words are read as they are now. */
export function briefLine(card: Card, anonymous: boolean | undefined): string {
  const words = cardWords.get();
  return [
    card.polarity && polarityLabel(card.polarity),
    card.friction && frictionLabel(card.friction),
    authorOf(card, anonymous, words),
    roleOf(card, words),
  ]
    .filter(Boolean)
    .join(' · ');
}
