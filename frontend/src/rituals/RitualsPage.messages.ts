import { i18n, params } from '../i18n/catalogue';

export const ritualsPageWords = i18n('rituals.page', {
  title: 'Rituals & agreements',
  pageTitle: params('Rituals & agreements · {team}'),
  loadFailed: 'Could not load the rituals.',
  loading: 'Loading rituals…',
  saved: params('“{title}” saved'),
  created: params('“{title}” created'),
  deleted: params('“{title}” deleted'),
  yourZone: params('Times shown in your zone: {zone}'),
  rituals: 'Rituals',
  ritualsDescription:
    "The team's recurring meetings. Each agenda is built when you open it, from open action items, the debt ranking and the latest signal flags.",
  newRitual: 'New ritual',
  noneTitle: 'No rituals yet',
  startWith: 'Start with a weekly {sync}, a monthly tech-debt review, and your retro cadence.',
  sync: 'PM / Tech Lead sync',
  noneReadOnly: 'A facilitator of this team can set up its syncs, reviews and retro cadence here.',
  agreements: 'Team agreements',
  agreementsDescription:
    'What done means, how acceptance criteria are written, and when a story needs a PM + tech-lead pairing.',
  pairings: 'Story pairings',
  pairingsDescription: "Big stories paired on before planning, and a check for the next sprint's candidates.",
  confirmTitle: 'Delete this ritual?',
  confirmMessage: params('“{title}” and its schedule will be removed. Calendars that imported it keep their copy.'),
});
