import { i18n } from '../i18n/catalogue';

export const sharedWords = i18n('summary.sharedPage', {
  title: 'Retro summary',
  openFailed: 'Could not open this link.',
  cannotShow: 'This summary cannot be shown',
  readOnly: 'A read-only summary shared by the team',
  loading: 'Loading the summary…',
});
