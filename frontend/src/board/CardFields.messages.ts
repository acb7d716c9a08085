import { i18n, params } from '../i18n/catalogue';

export const cardFieldWords = i18n('board.cardFields', {
  text: 'Card text',
  ctrl: 'Ctrl',
  keys: params('{modifier}+Enter to save · Esc to cancel'),
  placeholder: 'What happened, and why it matters…',
  type: 'Type',
  typeIs: 'Type:',
  friction: 'Friction point',
  none: 'None',
  suggested: 'Suggested:',
  use: 'Use it',
  loading: 'Loading suggestions…',
});
