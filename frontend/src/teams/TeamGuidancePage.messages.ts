import { i18n, params } from '../i18n/catalogue';

export const guidancePageWords = i18n('teams.guidancePage', {
  title: 'Prompts & thresholds',
  pageTitle: params('Prompts & thresholds · {team}'),
  loading: 'Loading…',
  loadFailed: 'Could not load the team.',
});
