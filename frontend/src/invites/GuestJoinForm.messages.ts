import { i18n } from '../i18n/catalogue';

export const guestJoinWords = i18n('invites.guestJoin', {
  nameRequired: 'Tell the team what to call you.',
  membersOnly:
    'This link is for team members only, so it cannot be used to join as a guest. Ask the facilitator for a guest link from the retro.',
  signedIn: 'You are signed in, so join the team with your account instead of as a guest.',
  name: 'Your name',
  role: 'Your role',
  join: 'Join as guest',
});
