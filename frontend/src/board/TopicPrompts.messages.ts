import { i18n, params } from '../i18n/catalogue';

export const topicPromptWords = i18n('board.topicPrompts', {
  title: 'Questions to start from',
  titleFriction: params('Questions to start from · {friction}'),
});
