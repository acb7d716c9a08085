import { i18n } from '../i18n/catalogue';

export const suggestWords = i18n('board.suggest', {
  title: 'Suggested groups',
  suggest: 'Suggest groups',
  hint: 'Cards about the same situation, found on this server. Nothing moves until you accept.',
  off: "Suggestions are turned off in this retro's settings.",
  none: 'No groups to suggest',
  name: 'Name',
  accept: 'Accept',
  dismiss: 'Dismiss',
});
