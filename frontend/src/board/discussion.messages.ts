import { count, i18n, params } from '../i18n/catalogue';

/** The discuss phase: the topic on the table, the summaries of the others, and their counts. */
export const discussWords = i18n('board.discuss', {
  votes: count({ one: '{count} vote', other: '{count} votes' }),
  cards: count({ one: '{count} card', other: '{count} cards' }),
  actions: count({ one: '{count} action item', other: '{count} action items' }),
  hasNotes: 'has notes',
  notesBadge: 'Notes',
  discussThis: 'Discuss this',
  nowDiscussing: 'Now discussing',
  nowDiscussingTitle: params('Now discussing: {title}'),
  stop: 'Stop discussing',
  cardsInTopic: 'Cards in this topic',
  notes: 'Notes',
  topicActions: 'Action items from this topic',
  nothingTitle: 'Nothing to discuss',
  nothing: 'No cards were written in this retro.',
  pickTitle: 'Pick a topic to discuss',
  pick: 'Choose one of the topics below, most votes first. Its cards, notes and action items open here.',
  waitTitle: 'Waiting for the facilitator to pick a topic',
  wait: 'The topic being discussed opens here, with its cards, notes and action items.',
  otherTopics: 'Other topics',
  topics: 'Topics',
  mostVotes: 'Most votes first.',
  mostVotesChoose: 'Most votes first. Choose one to discuss it.',
});
