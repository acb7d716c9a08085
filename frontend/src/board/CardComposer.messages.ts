import { i18n, params } from '../i18n/catalogue';

export const composerWords = i18n('board.composer', {
  form: params('Add a card to {column}'),
  add: 'Add card',
  cancel: 'Cancel',
  empty: 'Write something first.',
});
