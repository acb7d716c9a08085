import { i18n, params } from '../i18n/catalogue';

export const chartWords = i18n('insights.trendChart', {
  theChart: 'the chart',
  showChart: 'Show chart',
  showTable: 'Show table',
  figures: params('{title}: figures'),
  sprint: 'Sprint',
  started: 'Started',
  between: params('Healthy: {low} to {high} (shaded)'),
  atLeast: params('Healthy: at least {low} (shaded)'),
  atMost: params('Healthy: at most {high} (shaded)'),
});
