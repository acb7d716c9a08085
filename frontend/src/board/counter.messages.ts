import { count, i18n, params } from '../i18n/catalogue';

export const counterWords = i18n('board.counter', {
  left: count({ one: '{count} character left', other: '{count} characters left' }),
  over: params(
    count({ one: '{count} character over the limit of {max}', other: '{count} characters over the limit of {max}' }),
  ),
});
