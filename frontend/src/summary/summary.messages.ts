import { count, i18n, params } from '../i18n/catalogue';

/** Words the closing summary's pure functions put together. */
export const factWords = i18n('summary.facts', {
  pm: count({ one: '{count} Product Manager', other: '{count} Product Managers' }),
  eng: count({ one: '{count} Engineer', other: '{count} Engineers' }),
  techLead: count({ one: '{count} Tech Lead', other: '{count} Tech Leads' }),
  design: count({ one: '{count} Design', other: '{count} Designs' }),
  qa: count({ one: '{count} QA', other: '{count} QAs' }),
  em: count({ one: '{count} Engineering Manager', other: '{count} Engineering Managers' }),
  otherRole: params('{count} {role}'),
  nobody: 'Nobody joined the board',
  untitled: 'Untitled topic',
  people: 'People',
  cards: 'Cards',
  votes: 'Votes',
  notes: 'Discussion notes',
  actions: 'Action items owned',
  joint: params('{count} + {joint} joint'),
});
