import { i18n, params } from '../i18n/catalogue';

export const zonePickerWords = i18n('rituals.zonePicker', {
  placeholder: 'Type a city, e.g. Berlin',
  found: 'Zones found',
  noMatch: params('No time zone matches “{text}”. Try the nearest large city.'),
});
