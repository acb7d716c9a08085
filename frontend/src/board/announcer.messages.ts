/** What the board's live region says. */
import { count, i18n, params } from '../i18n/catalogue';

export const announcerWords = i18n('board.announcer', {
  newCards: count({ one: '{count} new card.', other: '{count} new cards.' }),
  timeUp: 'Time is up.',
  moved: params('The retro moved to {phase}.'),
});
