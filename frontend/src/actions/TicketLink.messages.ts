import { count, i18n, params } from '../i18n/catalogue';

export const ticketWords = i18n('actions.ticketLink', {
  waitingFor: params('Waiting for {tracker}…'),
  waiting: 'Waiting for the tracker…',
  tries: params(count({ one: '{count} try; {error}', other: '{count} tries; {error}' })),
  failed: params('Failed: {error}'),
  key: params('{tracker} ticket key or address'),
  placeholder: 'Key or address, such as OPS-12',
  link: 'Link',
  cancel: 'Cancel',
  tryAgain: 'Try again',
  push: params('Push to {tracker}'),
  linkTicket: 'Link a ticket…',
});
