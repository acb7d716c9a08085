/** The health radar of a retro: one's own answers, and the averages per side; and a team's own
 * radar dimensions. */
import { api, seg } from './client';
import type { RadarAnswers, RetroRadar, TeamDimensions } from './types';

const radar = (id: string) => `/api/retros/${seg(id)}/radar`;

export const getRadar = (retroId: string) => api.get<RetroRadar>(radar(retroId));
export const getMyAnswers = (retroId: string) => api.get<RadarAnswers>(`${radar(retroId)}/mine`);
export const putMyAnswers = (retroId: string, scores: Record<string, number>) =>
  api.put<RadarAnswers>(`${radar(retroId)}/mine`, { scores });

const dimensions = (teamId: string) => `/api/teams/${seg(teamId)}/radar-dimensions`;

export const getTeamDimensions = (teamId: string) => api.get<TeamDimensions>(dimensions(teamId));
export const addTeamDimension = (teamId: string, label: string) =>
  api.post<TeamDimensions>(dimensions(teamId), { label });
export const renameTeamDimension = (teamId: string, id: string, label: string) =>
  api.patch<TeamDimensions>(`${dimensions(teamId)}/${seg(id)}`, { label });
/** Retires it: retros started from now on no longer ask it; the page is read again after. */
export const retireTeamDimension = (teamId: string, id: string) => api.delete(`${dimensions(teamId)}/${seg(id)}`);
