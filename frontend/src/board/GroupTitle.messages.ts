import { i18n, params } from '../i18n/catalogue';

export const groupTitleWords = i18n('board.groupTitle', {
  label: params('Title of group {title}'),
  untitled: 'Untitled',
  placeholder: 'Name this group',
});
