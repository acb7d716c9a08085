import { i18n, params } from '../i18n/catalogue';

export const wikiWords = i18n('summary.wiki', {
  title: 'Wiki pages',
  description: "The summary as a page on the team's wikis, updated in place when published again.",
  open: 'Open the page',
  publish: params('Publish to {wiki}'),
  publishAgain: 'Publish again',
});
