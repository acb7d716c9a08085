import { count, i18n, params } from '../i18n/catalogue';

/** The sections about a person's own account: profile, email, password, single sign-on. */
export const profileWords = i18n('settings.profile', {
  title: 'Profile',
  description: 'How you appear to your teams: on your cards, votes and action items.',
  nameMissing: 'Tell your team what to call you.',
  saved: 'Display name saved',
  displayName: 'Display name',
  save: 'Save name',
  owner: 'Owner of this Twofold instance',
});

export const emailWords = i18n('settings.email', {
  title: 'Email',
  description: 'You sign in with it. Changing it asks for your password.',
  missing: 'Enter the new email address.',
  malformed: 'That does not look like an email address.',
  same: 'That is already your email address.',
  passwordMissing: 'Enter your current password to confirm it is you.',
  changed: params('You now sign in as {email}'),
  current: params('Current email: {email}'),
  form: 'Change email',
  newEmail: 'New email',
  currentPassword: 'Current password',
  change: 'Change email',
});

export const passwordWords = i18n('settings.password', {
  title: 'Password',
  description:
    'Changing it signs you out of every other browser; this one stays signed in. API tokens keep working.',
  currentMissing: 'Enter your current password.',
  changed: 'Password changed. Every other browser was signed out.',
  form: 'Change password',
  current: 'Current password',
  next: 'New password',
  nextHint: 'At least 10 characters.',
  repeat: 'Repeat new password',
  change: 'Change password',
  choose: 'Choose a new password.',
  atLeast: count({ one: 'Use at least {count} character.', other: 'Use at least {count} characters.' }),
  atMost: count({ one: 'Use at most {count} character.', other: 'Use at most {count} characters.' }),
  repeatMissing: 'Type the new password again.',
  mismatch: 'The two passwords are not the same.',
});

export const ssoLinkWords = i18n('settings.ssoLink', {
  title: 'Single sign-on',
  description: params('Link this account to {provider}, so that signing in there signs you in here.'),
  link: params('Link to {provider}'),
});
