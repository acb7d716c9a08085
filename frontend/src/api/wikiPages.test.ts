import { describe, expect, it } from 'vitest';
import type { WikiPageOut } from './types';
import { pageStanding, stillPublishing } from './wikiPages';

const base: WikiPageOut = {
  connection_id: 'c1',
  vendor: 'confluence',
  name: 'Confluence',
  state: 'published',
  url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/1',
  version: 2,
  published_at: '2026-12-06T18:04:00Z',
  delivery: null,
};
const time = (iso: string) => `at ${iso.slice(11, 16)}`;

describe('pageStanding', () => {
  it('says when a page was last published', () => {
    expect(pageStanding(base, time)).toBe('Published to Confluence, updated at 18:04');
  });

  it('says a publication is being retried, with its error', () => {
    const page = {
      ...base,
      delivery: { state: 'pending' as const, attempts: 2, last_error: 'Confluence answered 503.', next_try_at: null },
    };
    expect(pageStanding(page, time)).toContain('try 2 failed (Confluence answered 503.)');
    expect(stillPublishing([page])).toBe(true);
  });

  it('says a publication was given up, with its reason', () => {
    const page = {
      ...base,
      state: 'pending' as const,
      url: null,
      delivery: { state: 'failed' as const, attempts: 5, last_error: 'Notion refused the token (401).', next_try_at: null },
    };
    expect(pageStanding({ ...page, name: 'Notion' }, time)).toBe(
      'Publishing to Notion failed after 5 tries: Notion refused the token (401).',
    );
    expect(stillPublishing([page])).toBe(false);
  });

  it('says a wiki has no page yet', () => {
    expect(pageStanding({ ...base, state: 'unpublished', url: null, published_at: null }, time)).toBe(
      'Not published to Confluence yet',
    );
  });
});
