import { i18n, params } from '../i18n/catalogue';

export const addColumnWords = i18n('board.addColumn', {
  add: 'Add column',
  title: 'Column title',
  takes: 'Cards it takes',
  cancel: 'Cancel',
  needsTitle: 'Give the column a title.',
  needsType: 'Pick at least one type of card.',
  added: params('Column “{title}” added'),
});
