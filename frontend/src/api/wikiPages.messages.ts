import { count, i18n, params } from '../i18n/catalogue';

export const wikiPageWords = i18n('api.wikiPages', {
  failed: params(
    count({
      one: 'Publishing to {name} failed after {count} try: {error}',
      other: 'Publishing to {name} failed after {count} tries: {error}',
    }),
  ),
  retrying: params('Publishing to {name}: try {attempt} failed ({error}), trying again'),
  publishing: params('Publishing to {name}…'),
  published: params('Published to {name}, updated {time}'),
  notYet: params('Not published to {name} yet'),
});
