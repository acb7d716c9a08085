/** A team's trends across its closed retros. */
import { api, seg } from './client';
import type { TeamTrends, TrendGaps } from './types';

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

/** Perception gaps per sprint over the same period, asked apart: they take longer to count. */
export const getTrendGaps = (teamId: string, period: Period, signal?: AbortSignal) =>
  api.get<TrendGaps>(`/api/teams/${seg(teamId)}/trends/perception-gaps?${periodQuery(period)}`, { signal });
