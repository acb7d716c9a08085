import { count, i18n } from '../i18n/catalogue';

export const columnTabWords = i18n('board.columnTabs', {
  columns: 'Columns',
  cards: count({ one: '{count} card', other: '{count} cards' }),
});
