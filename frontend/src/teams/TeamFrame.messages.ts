import { i18n } from '../i18n/catalogue';

export const teamFrameWords = i18n('teams.frame', {
  tryAgain: 'Try again',
  teams: 'Teams',
});
