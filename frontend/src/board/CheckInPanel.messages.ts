import { i18n } from '../i18n/catalogue';

export const checkInWords = i18n('board.checkIn', {
  title: 'Check-in',
  question: 'How do you arrive today?',
  submit: 'Check in',
  none: 'No check-ins yet.',
});
