import { i18n } from '../i18n/catalogue';

export const cardEditorWords = i18n('board.cardEditor', {
  form: 'Edit card',
  save: 'Save',
  cancel: 'Cancel',
  empty: 'A card cannot be empty. Delete it instead.',
});
