import { count, i18n, params } from '../i18n/catalogue';

/** The health radar on the board and the form that asks for your ratings. */
export const radarWords = i18n('board.radar', {
  respondents: count({ one: '{count} person has answered.', other: '{count} people have answered.' }),
  title: 'Health radar',
  question: 'How is the partnership doing?',
  hint: '1 = badly, 5 = very well. Anonymous: only averages per side are shown, from three answers.',
  score: params('{dimension}: {score} of 5'),
  update: 'Update my answers',
  save: 'Save my answers',
  saved: 'Saved: you can change your answers until check-in ends.',
  unsaved: 'Not saved yet.',
});
