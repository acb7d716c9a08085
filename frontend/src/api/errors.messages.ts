import { i18n, params } from '../i18n/catalogue';

/** Words for failures the server could not word itself: no answer, or one without a body. */
export const apiErrorWords = i18n('api.errors', {
  network: 'Could not reach the server. Check your connection and try again.',
  unauthenticated: 'Please sign in.',
  forbidden: 'You are not allowed to do that.',
  notFound: 'Not found.',
  conflict: 'That clashes with a change someone else just made. Reload and try again.',
  tooLarge: 'That is too large to send.',
  tooMany: 'Too many attempts. Wait a moment and try again.',
  server: 'The server had a problem. Try again in a moment.',
  failed: params('The request failed (HTTP {status}).'),
  sessionChanged: 'You were signed out or switched accounts in another tab. Reload the page to continue.',
  // A field named away from its form, by the line it is on; which form is picked follows the
  // language's ordinal rules (English: 1st, 2nd, 3rd, 4th).
  lineOne: params('{label} ({n}st line)'),
  lineTwo: params('{label} ({n}nd line)'),
  lineFew: params('{label} ({n}rd line)'),
  lineOther: params('{label} ({n}th line)'),
});
