import { count, i18n, params } from '../i18n/catalogue';

export const formsWords = i18n('ui.forms', {
  required: 'This field is required.',
  atMostChars: count({ one: 'Use at most {count} character.', other: 'Use at most {count} characters.' }),
  number: 'Enter a number.',
  wholeNumber: 'Enter a whole number.',
  between: params('Use a number from {min} to {max}.'),
  orMore: params('Use {min} or more.'),
  orLess: params('Use {max} or less.'),
  failed: 'Something went wrong. Try again.',
  aboutField: params('{field}: {message}'),
  tryAgainIn: params('{message} Try again in {wait}.'),
  seconds: count({ one: '{count} second', other: '{count} seconds' }),
  minutes: count({ one: '{count} minute', other: '{count} minutes' }),
  hours: count({ one: '{count} hour', other: '{count} hours' }),
  hoursAndMinutes: params('{hours} {minutes}'),
});
