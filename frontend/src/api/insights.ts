/** Trends across teams: several teams side by side, and the company view. */
import { api } from './client';
import type { CompanyView, TeamComparison } from './types';

export function compareTeams(teamIds: string[], last: number, signal?: AbortSignal) {
  const query = new URLSearchParams(teamIds.map((id) => ['team', id]));
  query.set('last', String(last));
  return api.get<TeamComparison>(`/api/insights/teams?${query.toString()}`, { signal });
}

export const getCompany = (last: number, signal?: AbortSignal) =>
  api.get<CompanyView>(`/api/insights/company?last=${last}`, { signal });
