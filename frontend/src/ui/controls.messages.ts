import { i18n, params } from '../i18n/catalogue';

/** Words of the small building blocks every page uses: banners, dialogs, loading states. */
export const controlWords = i18n('ui.controls', {
  dismiss: 'Dismiss',
  close: 'Close',
  cancel: 'Cancel',
  delete: 'Delete',
  failed: 'Something went wrong. Try again.',
  copyLink: 'Copy link',
  copied: 'Copied',
  copiedToast: 'Copied to clipboard',
  copyByHand: 'Press Ctrl+C (⌘C) to copy the selected text',
  partFailed: params('Could not load {what}. Check your connection.'),
  thisPart: 'this part of the page',
  tryAgain: 'Try again',
  loadingWhat: params('Loading {what}…'),
  loading: 'Loading…',
  role: 'Role',
});
