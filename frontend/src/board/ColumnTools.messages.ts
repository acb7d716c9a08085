import { i18n, params } from '../i18n/catalogue';

export const columnToolWords = i18n('board.columnTools', {
  title: 'Column title',
  save: 'Save',
  cancel: 'Cancel',
  rename: 'Rename column',
  remove: 'Remove column',
  needsTitle: 'A column needs a title.',
  removed: params('Column “{title}” removed'),
  confirmTitle: params('Remove column “{title}”?'),
  confirmMessage: 'The column will be removed from the board for everyone. Only empty columns can be removed.',
  confirm: 'Remove',
});
