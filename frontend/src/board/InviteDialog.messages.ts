import { i18n, params } from '../i18n/catalogue';

export const inviteWords = i18n('board.invite', {
  title: 'Invite to this retro',
  guestsOnly: 'Guests only (no team membership)',
  guestsHint: 'Anyone with the link joins just this retro as a guest. It cannot be used to join the team.',
  teamHint: 'Teammates can join the team with their account; anyone else can join just this retro as a guest.',
  failed: 'Could not get an invite link.',
  retry: 'Try again',
  loading: 'Getting a link…',
  guestLink: 'Guest invite link',
  link: 'Invite link',
  expires: params('Expires {when} ({date}).'),
  fresh: 'New link',
  done: 'Done',
});
