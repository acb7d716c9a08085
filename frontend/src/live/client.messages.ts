import { i18n } from '../i18n/catalogue';

export const clientWords = i18n('live.client', {
  notConnected: 'The board is not connected.',
});
