import { count, i18n } from '../i18n/catalogue';

export const columnWords = i18n('board.column', {
  cards: count({ one: '{count} card', other: '{count} cards' }),
  empty: 'No cards yet.',
  emptyAdd: 'No cards yet. Add the first one.',
});
