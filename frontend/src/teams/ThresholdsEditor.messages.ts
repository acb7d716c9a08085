import { i18n, params } from '../i18n/catalogue';

export const thresholdWords = i18n('teams.thresholds', {
  title: 'Signal thresholds',
  description:
    'The healthy range of each sprint signal. A signal outside its range becomes a flag, with a question, at the start of the retro.',
  loading: 'Loading thresholds…',
  saved: 'Thresholds saved',
  savedDefaults: 'Thresholds saved: the team follows the defaults',
  unsavedMark: '· unsaved',
  hint: params('{hint} Default: {value}.'),
  save: 'Save thresholds',
  useDefaults: 'Use the defaults',
  discard: 'Discard changes',
  unsaved: params('Unsaved: {names}. Nothing changes for the team until you save.'),
  unsavedDefaults: params(
    'Unsaved: {names}. Nothing changes for the team until you save — then it follows the defaults again.',
  ),
  followsDefaults: 'The team follows the defaults.',
  own: "The team's own thresholds.",
  ownSaved: params("The team's own thresholds, saved {date}."),
  onlyFacilitators: 'Only facilitators can change the thresholds.',
  enterNumber: 'Enter a number.',
  enterWholeNumber: 'Enter a whole number.',
});

/** Each threshold's name, by the key the API knows it by. */
export const thresholdLabels = i18n('teams.thresholdLabels', {
  clarifying_questions_below: 'Clarifying questions',
  rework_days_max: 'Rework days',
  stories_added_max: 'Stories added after start',
  qa_rejections_max: 'Stories rejected in QA',
  completion_min: 'Commitment completed (%)',
  estimate_ratio_min: 'Estimate ratio, lowest',
  estimate_ratio_max: 'Estimate ratio, highest',
  tech_debt_share_min: 'Tech-debt share (%)',
  satisfaction_min: 'Satisfaction (1–5)',
  nps_change_min: 'NPS change',
});

/** What makes each threshold's signal healthy. */
export const thresholdHints = i18n('teams.thresholdHints', {
  clarifying_questions_below: 'Healthy when fewer than this.',
  rework_days_max: 'Healthy when at most this many days.',
  stories_added_max: 'Healthy when at most this many.',
  qa_rejections_max: 'Healthy when at most this many.',
  completion_min: 'Healthy when at least this % of the committed points (or stories) is done.',
  estimate_ratio_min: 'Actual over estimate; healthy from this…',
  estimate_ratio_max: '…up to this.',
  tech_debt_share_min: 'Healthy when at least this % of capacity.',
  satisfaction_min: 'Healthy when the average pulse is at least this.',
  nps_change_min: 'Healthy when the NPS moves by at least this.',
});
