import { i18n, params } from '../i18n/catalogue';

/** The frame around every page: the top bar, loading and missing pages. */
export const navWords = i18n('shell.nav', {
  main: 'Main',
  teams: 'Teams',
  settings: 'Settings',
  signOut: 'Sign out',
  signOutFailed: 'Could not sign out. Try again.',
  yourRetro: 'Your retro',
  guest: params('Guest · {role}'),
  signIn: 'Sign in',
});

export const notFoundWords = i18n('shell.notFound', {
  title: 'Page not found',
  explain: 'The page you opened does not exist, or it is not shared with you.',
  toTeams: 'Go to your teams',
  toStart: 'Go to the start page',
});

export const routeWords = i18n('shell.route', {
  failed: 'This page could not be loaded',
  failedHint:
    'Check your connection and try again. If Twofold was just upgraded, reloading fetches the new version.',
  tryAgain: 'Try again',
});
