import { i18n, params } from '../i18n/catalogue';

export const formatWords = i18n('ui.format', {
  from: params('from {date}'),
  until: params('until {date}'),
  justNow: 'just now',
});
