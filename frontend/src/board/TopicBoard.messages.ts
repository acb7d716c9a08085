import { count, i18n, params } from '../i18n/catalogue';

/** Topics while cards are grouped and voted on, and on the closed board. */
export const topicBoardWords = i18n('board.topicBoard', {
  takeOut: 'Take out of group',
  votesFor: params('Votes for {title}'),
  removeVote: params('Remove a vote from {title}'),
  mine: params('You: {count}'),
  voteFor: params('Vote for {title}'),
  votesLabel: count({ one: '{count} votes', other: '{count} votes' }),
  votes: count({ one: '{count} vote', other: '{count} votes' }),
  group: params('Group {title}'),
  mergeInto: 'Merge into…',
  groupSelected: 'Group selected cards',
  selected: count({ one: '{count} selected', other: '{count} selected' }),
  groupTitle: 'Group title',
  groupButton: 'Group selected',
  addToGroup: 'Add to group…',
  ungrouped: 'Ungrouped cards',
  ungroupedHint: '(drop a card here, or use its “Take out of group”, to take it out of its group)',
  votesLeft: count({ one: '{count} vote left', other: '{count} votes left' }),
});
