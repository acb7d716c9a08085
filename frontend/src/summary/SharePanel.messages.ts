import { i18n, params } from '../i18n/catalogue';

export const shareWords = i18n('summary.sharePanel', {
  title: 'Share links',
  description:
    'A read-only link shows this summary to someone without an account: no names in anonymous retros, nothing the team keeps to itself.',
  turnedOffToast: 'Link turned off',
  turnedOff: params('Turned off {time}'),
  worksUntil: params('Works until {time}'),
  untilOff: 'Works until turned off',
  expires: 'Expires (optional)',
  create: 'Create share link',
  newLink: 'New link (shown once)',
  made: params('Made {date} · {standing}'),
  turnOff: 'Turn off',
});
