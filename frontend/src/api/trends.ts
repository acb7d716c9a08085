/** A team's trends across its closed retros. */
import { api, seg } from './client';
import type { TeamTrends } from './types';

/** A period: the latest `last` sprints, or those ending between two dates (YYYY-MM-DD). */
export type Period = { last: number } | { from: string; to: string };

export function periodQuery(period: Period): string {
  const query = new URLSearchParams();
  if ('last' in period) query.set('last', String(period.last));
  else {
    query.set('last', '52');
    query.set('from', period.from);
    query.set('to', period.to);
  }
  return query.toString();
}

export const getTrends = (teamId: string, period: Period, signal?: AbortSignal) =>
  api.get<TeamTrends>(`/api/teams/${seg(teamId)}/trends?${periodQuery(period)}`, { signal });
