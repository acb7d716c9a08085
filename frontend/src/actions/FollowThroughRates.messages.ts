import { i18n, params } from '../i18n/catalogue';

export const followThroughWords = i18n('actions.followThrough', {
  title: 'Follow-through',
  description: params('Done ÷ due as of {date}. Items dropped on time with a reason are not counted.'),
  overall: 'Overall',
  counts: params('{done} of {due} due'),
});
