/** A team's action items between retros, and its follow-through. */
import { api, seg } from './client';
import type {
  ActionCategory,
  ActionStatus,
  ActionUpdate,
  ActionView,
  FollowThrough,
  HistoryEntry,
  OwnerChoice,
} from './types';

export interface ActionFilter {
  status?: ActionStatus | '';
  category?: ActionCategory | '';
}

export function listActions(teamId: string, filter: ActionFilter = {}) {
  const query = new URLSearchParams();
  if (filter.status) query.set('status', filter.status);
  if (filter.category) query.set('category', filter.category);
  const qs = query.toString();
  return api.get<ActionView[]>(`/api/teams/${seg(teamId)}/actions${qs ? `?${qs}` : ''}`);
}

export const updateAction = (actionId: string, body: ActionUpdate) =>
  api.patch<ActionView>(`/api/actions/${seg(actionId)}`, body);

export const getFollowThrough = (teamId: string) =>
  api.get<FollowThrough>(`/api/teams/${seg(teamId)}/follow-through`);

export const deleteAction = (actionId: string) => api.delete(`/api/actions/${seg(actionId)}`);

/** The team's members, who may own a retro's items; anyone in the retro may ask. */
export const listOwners = (retroId: string) =>
  api.get<OwnerChoice[]>(`/api/retros/${seg(retroId)}/owners`);

/** What became of the item, newest first; the team's members only. */
export const getActionHistory = (actionId: string) =>
  api.get<HistoryEntry[]>(`/api/actions/${seg(actionId)}/history`);
