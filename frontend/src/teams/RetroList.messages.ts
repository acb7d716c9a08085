import { count, i18n, params } from '../i18n/catalogue';

export const retroListWords = i18n('teams.retroList', {
  list: 'Retros',
  titleRequired: 'Give the retro a title.',
  renamed: params('Renamed to “{title}”'),
  archivedToast: params('“{title}” archived'),
  unarchivedToast: params('“{title}” is back in the list'),
  deletedToast: params('“{title}” deleted'),
  failed: 'That did not work. Try again.',
  renameLabel: params('Rename {title}'),
  titleLabel: 'Retro title',
  save: 'Save',
  cancel: 'Cancel',
  created: params('Created {date}'),
  archivedOn: params('Archived {date}'),
  archived: 'Archived',
  manageLabel: params('Manage {title}'),
  manage: 'Manage',
  rename: 'Rename',
  archive: 'Archive',
  unarchive: 'Unarchive',
  delete: 'Delete',
  deleteTitle: params('Delete “{title}”?'),
  aRetro: 'retro',
  deleteConfirm: 'Delete retro',
  closedOn: params('Closed {date}'),
  cards: count({ one: '{count} card', other: '{count} cards' }),
  actions: count({ one: '{count} action item', other: '{count} action items' }),
  deletesCards: count({
    one: "This deletes its {count} card with their groups, votes and notes, the sprint's signals and capacity, and any invite links for it. It cannot be undone; archive the retro instead to keep it out of the list.",
    other:
      "This deletes its {count} cards with their groups, votes and notes, the sprint's signals and capacity, and any invite links for it. It cannot be undone; archive the retro instead to keep it out of the list.",
  }),
  deletesBoard:
    "This deletes its board, the sprint's signals and capacity, and any invite links for it. It cannot be undone; archive the retro instead to keep it out of the list.",
  actionsStay: count({
    one: "Its {count} action item stays on the team's action list.",
    other: "Its {count} action items stay on the team's action list.",
  }),
});

/** What the team is doing in each phase, as the list says it. */
export const retroPhaseWords = i18n('teams.retroPhases', {
  check_in: 'Checking in',
  review: 'Reviewing actions',
  reflect: 'Reflecting',
  reveal: 'Reading cards',
  group: 'Grouping',
  vote: 'Voting',
  discuss: 'Discussing',
  actions: 'Agreeing actions',
  closed: 'Closed',
});
