import { i18n, params } from '../i18n/catalogue';

export const presenceWords = i18n('board.presence', {
  title: 'Here now',
  count: params('Here now ({count}):'),
  guestRole: params('{role} · guest'),
  more: params('and {count} more'),
  fewer: 'Show fewer',
});
