import { i18n, params } from '../i18n/catalogue';

export const integrationsWords = i18n('teams.integrations', {
  title: 'Integrations',
  titleFor: params('Integrations · {team}'),
  loading: 'Loading integrations…',
  loadFailed: 'Could not load the team.',
  tracker: 'Tracker',
  trackerHint:
    "Push action items and debt items to the team's tracker as tickets; when a ticket is done or reopened there, the item follows here, and the other way round. A team has one tracker.",
  channel: 'Chat',
  channelHint: 'Post retro summaries and a weekly digest of due action items to a channel.',
  wiki: 'Wiki',
  wikiHint: 'Publish retro summaries as pages, updated in place.',
  connected: params('Connected to {vendor}; testing the connection…'),
  removed: params('The {name} connection is removed'),
  testAgain: 'Test again',
  remove: 'Remove…',
  trackerTaken: params("The team's items go to {tracker}; remove that connection to use {vendor} instead."),
  notConnected: 'Not connected. A facilitator of the team can connect it here.',
  connect: params('Connect {vendor}…'),
  emptyTitle: 'Nothing to connect',
  empty: 'This instance offers no integrations.',
  removeTitle: params('Remove the {name} connection?'),
  removeTracker: params(
    'Its token is forgotten. Tickets already made stay in {name}, but their items no longer follow them.',
  ),
  removeOther: 'Its token is forgotten; nothing more is sent there.',
  removeConfirm: 'Remove connection',
});
