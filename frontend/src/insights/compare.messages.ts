import { count, i18n, params } from '../i18n/catalogue';

export const compareWords = i18n('insights.compare', {
  latest: 'Latest',
  back: count({ one: '{count} back', other: '{count} back' }),
  teamMark: params('{team}: {what}'),
  actionsDone: 'Action items done',
  radarGap: params('Radar gap: {dimension} (product − engineering)'),
  productCards: 'Product side’s share of cards',
  productActions: 'Product side’s share of action items',
  same: '0 (the same)',
  productHigher: params('+{size} (product higher)'),
  engineeringHigher: params('−{size} (engineering higher)'),
  notRecorded: 'Not recorded',
  under: params('{share}% (under {target}%)'),
  meets: params('{share}% (meets {target}%)'),
});
