import { i18n, params } from '../i18n/catalogue';

export const factsWords = i18n('teams.connectionFacts', {
  checkOk: 'Works',
  checkBadToken: 'Token refused',
  checkForbidden: 'Permission missing',
  checkUnknownProject: 'Not found',
  checkUnreachable: 'Unreachable',
  checkError: 'Refused',
  yes: 'Yes',
  no: 'No',
  token: 'Token',
  test: 'Test',
  testing: 'Testing…',
  polled: params('Last asked {name} what changed: {time}.'),
  notPolled: params('Not yet asked {name} what changed; the worker does so every few minutes.'),
  webhookUrl: params('Webhook URL for {name}'),
  copyUrl: 'Copy URL',
  noWebhook: 'No webhook secret: status comes back by polling every few minutes.',
});
