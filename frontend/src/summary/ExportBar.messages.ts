import { i18n } from '../i18n/catalogue';

export const exportWords = i18n('summary.exportBar', {
  group: 'Export the summary',
  copied: 'Summary copied as Markdown',
  copy: 'Copy as Markdown',
  download: 'Download:',
  cards: 'Cards (CSV)',
  actions: 'Action items (CSV)',
  pressCopy: 'Press Ctrl+C (⌘C) to copy the selected Markdown',
});
