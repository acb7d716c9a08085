import { count, i18n, params } from '../i18n/catalogue';

/** The board's action items: the list, one entry, the form that creates one, and the review of
 * earlier retros' items. */
export const actionWords = i18n('board.actions', {
  due: params('due {date}'),
  deleted: params('Deleted “{title}”'),
  saved: params('Saved “{title}”'),
  editTitle: params('Edit: {title}'),
  deleteTitle: params('Delete: {title}'),
  edit: 'Edit',
  delete: 'Delete',
  confirmTitle: 'Delete this action item?',
  confirmMessage: params('“{title}” will be removed for everyone, with what retros decided about it. This cannot be undone.'),
  confirmEarlier: params(
    '“{title}” will be removed for good, with what retros decided about it. To record that the team decided against it, drop it instead.',
  ),
  deleteItem: 'Delete item',
  create: 'Create action item',
  item: 'Action item',
  category: 'Category',
  choose: 'Choose…',
  owner: 'Owner',
  dueDate: 'Due date',
  listTitle: 'Action items',
  checkHint: 'Check each item before closing: fix its wording, owner, due date or category with Edit, or delete it.',
  none: 'No action items yet.',
  earlierTitle: 'Open action items from earlier retros',
  open: count({ one: '{count} open', other: '{count} open' }),
  overdue: count({ one: '{count} overdue', other: '{count} overdue' }),
  nothingEarlier: "Nothing to follow up: no action items are open from this team's earlier retros.",
  correct: params('Correct: {title}'),
  deleteMore: 'Delete…',
  decide: params('Decide: {title}'),
  done: 'Done',
  carryOver: 'Carry over',
  drop: 'Drop…',
});
