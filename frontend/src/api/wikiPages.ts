/** A retro's summary published as pages on the team's wikis (Confluence, Notion). */
import { api, seg } from './client';
import type { WikiPageOut } from './types';

export const listPages = (retroId: string) =>
  api.get<WikiPageOut[]>(`/api/retros/${seg(retroId)}/pages`);
export const publishPage = (retroId: string, connectionId: string) =>
  api.post<WikiPageOut>(`/api/retros/${seg(retroId)}/publish-page`, {
    connection_id: connectionId,
  });

/** What the summary says of one wiki's page, in a line. */
export function pageStanding(page: WikiPageOut, time: (iso: string) => string): string {
  const d = page.delivery;
  if (d?.state === 'failed') return `Publishing to ${page.name} failed after ${d.attempts} tries: ${d.last_error ?? ''}`;
  if (d?.state === 'pending' && d.attempts > 0)
    return `Publishing to ${page.name}: try ${d.attempts} failed (${d.last_error ?? ''}), trying again`;
  if (d?.state === 'pending') return `Publishing to ${page.name}…`;
  if (page.state === 'published' && page.published_at)
    return `Published to ${page.name}, updated ${time(page.published_at)}`;
  return `Not published to ${page.name} yet`;
}

export const stillPublishing = (pages: WikiPageOut[]) =>
  pages.some((p) => p.delivery?.state === 'pending');
