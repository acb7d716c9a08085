/** A retro's summary published as pages on the team's wikis (Confluence, Notion). */
import { api, seg } from './client';
import type { WikiPageOut } from './types';
import { wikiPageWords } from './wikiPages.messages';

export const listPages = (retroId: string) =>
  api.get<WikiPageOut[]>(`/api/retros/${seg(retroId)}/pages`);
export const publishPage = (retroId: string, connectionId: string) =>
  api.post<WikiPageOut>(`/api/retros/${seg(retroId)}/publish-page`, {
    connection_id: connectionId,
  });

/** What the summary says of one wiki's page, in a line. */
export function pageStanding(page: WikiPageOut, time: (iso: string) => string): string {
  const d = page.delivery;
  const t = wikiPageWords.get();
  const name = page.name;
  if (d?.state === 'failed') return t.failed({ name, error: d.last_error ?? '' })(d.attempts);
  if (d?.state === 'pending' && d.attempts > 0)
    return t.retrying({ name, attempt: String(d.attempts), error: d.last_error ?? '' });
  if (d?.state === 'pending') return t.publishing({ name });
  if (page.state === 'published' && page.published_at) return t.published({ name, time: time(page.published_at) });
  return t.notYet({ name });
}

export const stillPublishing = (pages: WikiPageOut[]) =>
  pages.some((p) => p.delivery?.state === 'pending');
