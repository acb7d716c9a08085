import { i18n } from '../i18n/catalogue';

export const columnTagWords = i18n('board.columnTag', {
  column: 'Column:',
});
