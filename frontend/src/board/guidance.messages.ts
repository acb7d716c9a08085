import { i18n } from '../i18n/catalogue';

export const guidanceWords = i18n('board.guidance', {
  signalsFailed: 'Could not load the signals.',
});
