/** A retro's sprint read from the team's Jira: list, pick, and see what was read. */
import { api, seg } from './client';
import type { TrackerSprintFetch } from './types';

const base = (retroId: string) => `/api/retros/${seg(retroId)}/tracker-sprint`;

export const getTrackerSprint = (retroId: string) => api.get<TrackerSprintFetch>(base(retroId));
export const listTrackerSprints = (retroId: string) =>
  api.post<TrackerSprintFetch>(`${base(retroId)}/sprints`, {});
export const pickTrackerSprint = (retroId: string, sprintId: string) =>
  api.post<TrackerSprintFetch>(base(retroId), { sprint_id: sprintId });
