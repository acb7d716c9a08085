import { count, i18n, params } from '../i18n/catalogue';

export const themeWords = i18n('debt.themes', {
  retros: count({ one: '{count} retro', other: '{count} retros' }),
  cards: count({ one: '{count} card', other: '{count} cards' }),
  escalateFailed: 'Could not escalate it.',
  seenOn: params('Seen {date}'),
  seenBetween: params('Seen {first} – {last}'),
  samples: 'Sample cards',
  allCards: 'All its cards',
  more: count({ one: 'Show {count} more card', other: 'Show {count} more cards' }),
  fewer: 'Show fewer cards',
  escalate: 'Escalate to backlog',
  inBacklog: 'Already in the backlog.',
  looksLikeDebt: 'Looks like technical debt.',
});
