import { i18n, params } from '../i18n/catalogue';

export const rowWords = i18n('actions.row', {
  overdueSince: params('Overdue since {date}'),
  due: params('Due {date}'),
  noDue: 'No due date',
  dropped: params('Dropped: {reason}'),
});
