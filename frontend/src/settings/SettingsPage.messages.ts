import { i18n } from '../i18n/catalogue';

export const settingsPageWords = i18n('settings.page', {
  title: 'Settings',
  sessions: 'Sessions',
  sessionsHint: 'Signed in on a shared or lost device? Sign out of every browser at once, this one included.',
  signOutEverywhere: 'Sign out everywhere',
  confirmTitle: 'Sign out everywhere?',
  confirmMessage:
    'Every browser signed in to your account, this one included, will need to sign in again. API tokens keep working.',
});
