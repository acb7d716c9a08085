import { i18n, params } from '../i18n/catalogue';

export const ownerPickerWords = i18n('actions.ownerPicker', {
  owner: 'Owner',
  noOwner: 'No owner',
  joint: 'PM + Tech lead (joint)',
  loading: 'Loading the team…',
  pair: params('Owned together by {pm} (PM) and {lead} (tech lead).'),
  pm: 'PM',
  lead: 'Tech lead',
  choose: 'Choose…',
});
