import { i18n, params } from '../i18n/catalogue';

export const capacityPanelWords = i18n('debt.capacityPanel', {
  loadFailed: 'Could not load the capacity.',
  pickRetro: 'Pick a retro.',
  noSprintsTitle: 'No sprints yet',
  noSprints: 'Each retro stands for its sprint. Once the team has held one, record its points here.',
  loading: 'Loading capacity…',
  tryAgain: 'Try again',
  shares: 'Debt share per sprint',
  points: params('{debt} of {total} pts'),
  target: params('target {target} %'),
  explained: params(
    "Each bar is the sprint's debt points as a share of its points, from 0 to 100 %; the line marks the team's {target} % target.",
  ),
  latest: params('The {count} latest sprints are shown.'),
  form: "Record a sprint's points",
  record: 'Record a sprint',
  retro: 'Retro',
  total: 'Total points',
  debt: 'Debt points',
  save: 'Save points',
});
