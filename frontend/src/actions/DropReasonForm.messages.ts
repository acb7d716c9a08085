import { i18n } from '../i18n/catalogue';

export const dropReasonWords = i18n('actions.dropReason', {
  missing: 'Say why it is dropped, so the team remembers.',
  why: 'Why drop it?',
  drop: 'Drop item',
  cancel: 'Cancel',
});
