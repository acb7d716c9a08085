import { count, i18n } from '../i18n/catalogue';

export const periodWords = i18n('insights.periodPicker', {
  period: 'Period',
  last: count({ one: 'Last {count} sprint', other: 'Last {count} sprints' }),
  loading: 'Loading…',
});
