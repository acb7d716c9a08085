import { i18n, params } from '../i18n/catalogue';

/** The words of the backlog's tables and of each row's controls. */
export const tableWords = i18n('debt.table', {
  item: 'Item',
  drag: 'Drag',
  dragHint: 'Eng: hours lost per sprint',
  impact: 'Impact',
  impactHint: 'PM: how much customers feel it, 1–5',
  effort: 'Effort',
  effortHint: 'Eng: story points to fix it',
  priority: 'Priority',
  status: 'Status',
  actions: 'Actions',
  rank: 'Rank',
  statusOf: params('Status of {title}'),
  edit: 'Edit',
  delete: 'Delete',
});
