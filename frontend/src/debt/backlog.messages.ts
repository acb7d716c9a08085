import { count, i18n, params } from '../i18n/catalogue';

export const debtStatusWords = i18n('debt.statuses', {
  open: 'Open',
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  wont_fix: "Won't fix",
});

export const impactWords = i18n('debt.impacts', {
  1: '1 · barely felt',
  2: '2 · minor',
  3: '3 · noticeable',
  4: '4 · serious',
  5: '5 · severe',
});

export const capacityWords = i18n('debt.capacities', {
  under: 'Under target',
  at: 'At target',
  over: 'Over target',
});

export const backlogWords = i18n('debt.backlog', {
  pm_impact: 'impact',
  eng_drag: 'drag',
  eng_effort: 'effort',
  needsOne: params('Needs {a}'),
  needsTwo: params('Needs {a} and {b}'),
  needsMore: params('Needs {list} and {last}'),
  points: count({ one: '{count} pt', other: '{count} pts' }),
  dragRange: params('Enter the hours lost per sprint, from 0 to {max}.'),
  titleMissing: 'Give the item a title.',
  impactScale: 'Impact is scored from 1 to 5.',
  effortScale: params('Effort is one of {scale} points.'),
  notRecorded: 'Not recorded',
  totalMissing: "Enter the sprint's total points.",
  debtMissing: 'Enter the points spent on debt.',
  pointsRange: params('Enter a number from 0 to {max}.'),
  debtOverTotal: 'Debt points cannot be more than the total.',
});
