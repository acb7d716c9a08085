import { i18n } from '../i18n/catalogue';

export const promptsWords = i18n('board.prompts', {
  title: 'Prompts',
  none: 'This template has no prompts.',
});
