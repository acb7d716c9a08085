import { i18n, params } from '../i18n/catalogue';

export const kindWords = i18n('rituals.kinds', {
  pm_tech_lead_sync: 'PM / Tech Lead sync',
  tech_debt_review: 'Tech-debt review',
  retro: 'Retrospective',
});

export const purposeWords = i18n('rituals.purposes', {
  pm_tech_lead_sync: 'Commitments first: open action items, overdue at the top.',
  tech_debt_review: 'The debt backlog by joint priority, and debt-related action items.',
  retro: 'The team looks back; earlier action items are reviewed first.',
});

export const weekdayWords = i18n('rituals.weekdays', {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
});

/** How a schedule reads; the week of the month starts the sentence, so it is capitalised. */
export const recurrenceWords = i18n('rituals.recurrence', {
  first: 'First',
  second: 'Second',
  third: 'Third',
  fourth: 'Fourth',
  last: 'Last',
  weeklyOne: params('Every week on {day} at {time}, {length}'),
  weeklyMany: params('Every {count} weeks on {day} at {time}, {length}'),
  monthlyOne: params('{nth} {day} of every month at {time}, {length}'),
  monthlyMany: params('{nth} {day} of every {count} months at {time}, {length}'),
});

export const ruleWords = i18n('rituals.rules', {
  notPoints: params('Line {line}: “{value}” is not a number of points (0 or more).'),
  noTitle: params('Line {line}: give the story a title before the points.'),
  titleMissing: 'Give the ritual a title.',
  startMissing: 'Enter a start time.',
  firstDayMissing: 'Pick the first day.',
});

export const zoneWords = i18n('rituals.zones', {
  missing: 'Pick the time zone the meeting is held in.',
  notListed: 'Pick a time zone from the list: type a city, such as Berlin, and choose it.',
  kolkata: 'Kolkata',
  hoChiMinh: 'Ho Chi Minh City',
  kathmandu: 'Kathmandu',
  yangon: 'Yangon',
  asmara: 'Asmara',
  kyiv: 'Kyiv',
  nuuk: 'Nuuk',
  faroe: 'Faroe Islands',
  chuuk: 'Chuuk',
  pohnpei: 'Pohnpei',
});
