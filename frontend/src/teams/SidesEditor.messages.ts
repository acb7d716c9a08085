import { i18n, params } from '../i18n/catalogue';

export const sideWords = i18n('teams.sides', {
  title: 'Sides',
  description:
    'Which side each role speaks for when equal voice, the health radar and trends compare product with engineering. A role apart is counted, but on neither side.',
  loading: 'Loading sides…',
  product: 'Product',
  engineering: 'Engineering',
  apart: 'Apart',
  saved: 'Sides saved',
  savedDefault: 'Sides saved: the team follows the default grouping',
  save: 'Save sides',
  discard: 'Discard changes',
  unsaved: params('Unsaved: {roles}. Nothing changes for the team until you save.'),
  own: "The team's own grouping.",
  followsDefault: 'The team follows the default grouping.',
  onlyFacilitators: 'Only facilitators can change the sides.',
});
