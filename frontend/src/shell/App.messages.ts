import { i18n } from '../i18n/catalogue';

export const appWords = i18n('shell.app', {
  skip: 'Skip to content',
  cannotStart: 'Twofold could not start',
  noAnswer: 'The server did not answer.',
  tryAgain: 'Try again',
});
