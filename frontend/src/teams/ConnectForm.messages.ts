import { i18n, params } from '../i18n/catalogue';

export const connectWords = i18n('teams.connectForm', {
  optional: params('{label} (optional)'),
  listHint: params('{help} Comma-separated.'),
  commaSeparated: 'Comma-separated.',
  tokenHint: params('{help} Kept encrypted; only its last 4 characters are shown.'),
  webhookSecret: 'Webhook secret (optional)',
  webhookHint: params("Give {vendor}'s webhook the same secret, so changes come back at once."),
  connectTo: params('Connect to {vendor}'),
  cancel: 'Cancel',
});
