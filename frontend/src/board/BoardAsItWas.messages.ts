import { count, i18n, params } from '../i18n/catalogue';

export const asItWasWords = i18n('board.asItWas', {
  title: 'The board as it was',
  topics: count({ one: '{count} topic', other: '{count} topics' }),
  cards: count({ one: '{count} card', other: '{count} cards' }),
  counts: params('{topics}, {cards}'),
});
