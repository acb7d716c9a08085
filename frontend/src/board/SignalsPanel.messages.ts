import { i18n, params } from '../i18n/catalogue';

/** The sprint-signals panel of the board, its form and the flags it raises. */
export const signalsPanelWords = i18n('board.signalsPanel', {
  saved: 'Signals saved',
  title: 'Sprint signals',
  description:
    "The sprint's figures, held against the team's thresholds. Anything outside them becomes a question for this retro.",
  edit: 'Edit signals',
  emptyTitle: 'No signals recorded for this sprint yet.',
  emptyMember:
    'Commitment and how much of it was done, QA rejections, rework, scope changes, clarifying questions, estimates vs actuals, tech-debt share: a minute now points the retro at what was off.',
  record: 'Record signals',
  emptyGuest: 'A team member can record them; the questions they raise will show here.',
  healthy: "Every recorded signal is within the team's thresholds.",
  pulseQuestion: 'How satisfied were you with this sprint?',
  score: params('Satisfaction {score} of 5'),
  pulseHint: '1 = not at all, 5 = very. Anonymous: nobody, facilitators included, sees who gave which score.',
  flagsLabel: "Signals outside the team's thresholds",
  measured: 'measured',
  healthyRange: params('healthy: {range}'),
  promptsTitle: 'Signals this sprint:',
});

export const signalsFormWords = i18n('board.signalsForm', {
  label: 'Record sprint signals',
  shipped: 'Shipped on time',
  yes: 'Yes',
  no: 'No',
  notKnown: 'Not known',
  estimates: 'Estimate vs actual, per story',
  estimatesUnit: '(in the unit you estimate in)',
  story: 'Story',
  estimate: 'Estimate',
  actual: 'Actual',
  remove: 'Remove',
  storyN: params('Story {n}'),
  estimateN: params('Estimate {n}'),
  actualN: params('Actual {n}'),
  removeStory: params('Remove story {n}'),
  addStory: 'Add story',
  save: 'Save signals',
  cancel: 'Cancel',
});
