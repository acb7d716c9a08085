import { i18n, params } from '../i18n/catalogue';

export const ritualItemWords = i18n('rituals.item', {
  agendaFailed: 'Could not build the agenda.',
  next: 'Next',
  yourTime: params('your time ({zone})'),
  thereTime: params('{time} in {zone}'),
  askFacilitator: 'A facilitator of the team can edit or delete it.',
  hideAgenda: 'Hide agenda',
  agenda: 'Agenda',
  calendar: 'Add to calendar (.ics)',
  edit: 'Edit',
  delete: 'Delete',
  building: 'Building the agenda…',
  builtNow: params('Built now, as of {date}.'),
  nothingWaiting: 'Nothing is waiting for this meeting yet: no open action items, scored debt or flags.',
  nextDates: 'Next dates',
});
