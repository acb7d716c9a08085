import { i18n } from '../i18n/catalogue';

export const closingWords = i18n('summary.closing', {
  loading: 'Loading the summary…',
});
