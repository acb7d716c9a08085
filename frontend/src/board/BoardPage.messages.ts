import { count, i18n } from '../i18n/catalogue';

export const boardWords = i18n('board.page', {
  title: 'Retro',
  loading: 'Loading the board…',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline — changes will be sent when back',
  closed: 'Disconnected',
  savingPaused: 'Saving is paused, retrying…',
  cards: count({ one: '{count} card', other: '{count} cards' }),
  delayedTitle: 'Live updates delayed',
  delayed: 'Changes by others may reach you a little late. Everything is saved, and the board catches up by itself.',
  signals: 'Sprint signals',
  signalsNow: 'Signals this sprint',
  flags: count({ one: '{count} to look at', other: '{count} to look at' }),
  earlierActions: 'the earlier action items',
  summary: 'the summary',
  topics: 'the topics',
  actions: 'the action items',
  noColumns: 'This board has no columns.',
  noColumnsAdd: 'This board has no columns. Add one to start collecting cards.',
});
