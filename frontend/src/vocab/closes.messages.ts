import { i18n } from '../i18n/catalogue';

export const closeWords = i18n('vocab.closes', {
  4401: 'Your session has ended. Sign in again to rejoin this retro.',
  4403: 'This board refused the connection from this page.',
  4404: 'This retro does not exist or you are not part of it.',
});
