import { i18n } from '../i18n/catalogue';

export const addToBacklogWords = i18n('board.addToBacklog', {
  added: 'Added to the tech-debt backlog',
  failed: 'Could not add it to the backlog.',
  already: 'Already in backlog',
  inBacklog: 'In backlog',
  add: 'Add to tech-debt backlog',
  short: 'Backlog',
});
