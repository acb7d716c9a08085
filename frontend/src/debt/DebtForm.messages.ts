import { i18n } from '../i18n/catalogue';

export const debtFormWords = i18n('debt.form', {
  edit: 'Edit debt item',
  new: 'New debt item',
  title: 'Title',
  description: 'Description',
  descriptionHint: 'What it costs the team and the customers; optional.',
  area: 'Area',
  areaHint: 'e.g. billing, CI, search',
  status: 'Status',
  scores: 'Scores',
  scoresHint: '(leave for the other side if it is theirs to give)',
  drag: 'Drag (hours per sprint)',
  dragHint: 'Eng: time lost to it each sprint, 0–200.',
  effort: 'Effort (story points)',
  effortHint: 'Eng: the cost to fix it.',
  impact: 'Impact (1–5)',
  impactHint: 'PM: how much customers feel it.',
  notScored: 'Not scored yet',
  save: 'Save changes',
  add: 'Add item',
  cancel: 'Cancel',
});
