import { count, i18n } from '../i18n/catalogue';

export const frictionSummaryWords = i18n('board.frictionSummary', {
  roleNotShown: 'Role not shown',
  all: 'All',
  title: 'Friction points',
  tagged: count({ one: '{count} tagged', other: '{count} tagged' }),
  untagged: count({ one: '{count} untagged', other: '{count} untagged' }),
  none: 'No visible card carries a friction point yet.',
  byColumn: 'By column',
  removedColumn: 'Removed column',
  byRole: 'By role',
});
