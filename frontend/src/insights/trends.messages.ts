import { i18n, params } from '../i18n/catalogue';

/** The sprint signals, as the trends charts and the page that compares teams name them. */
export const metricWords = i18n('insights.metrics', {
  clarifyingQuestions: 'Clarifying questions mid-sprint',
  reworkDays: 'Rework',
  rejectedInQa: 'Stories rejected in QA',
  addedAfterStart: 'Stories added after the start',
  removedAfterStart: 'Stories removed after the start',
  estimateRatio: 'Actual ÷ estimate',
  techDebtShare: 'Capacity spent on tech debt',
  completion: 'Committed work completed',
  shippedOnTime: 'Shipped on time',
  npsChange: 'NPS change',
  satisfaction: 'Team satisfaction',
});

export const trendWords = i18n('insights.trends', {
  cards: 'Cards written',
  votes: 'Votes cast',
  notes: 'Notes taken',
  actions: 'Action items owned',
  tooFew: 'Too few people on a side to show (anonymous retro).',
  bothHeard: 'Both sides heard.',
  agreements: 'Working agreements changed',
  ritual: 'A ritual started',
  startedOn: params('{what} ({date})'),
});
