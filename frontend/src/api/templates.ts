/** A team's own retro templates (the built-in ones are listed in retros.ts). */
import { api, seg } from './client';
import type { SaveRetroAsTemplate, TeamTemplate, TeamTemplateIn } from './types';

const base = (teamId: string) => `/api/teams/${seg(teamId)}/templates`;

export const listTeamTemplates = (teamId: string) => api.get<TeamTemplate[]>(base(teamId));
export const createTeamTemplate = (teamId: string, body: TeamTemplateIn) =>
  api.post<TeamTemplate>(base(teamId), body);
export const replaceTeamTemplate = (teamId: string, id: string, body: TeamTemplateIn) =>
  api.put<TeamTemplate>(`${base(teamId)}/${seg(id)}`, body);
export const deleteTeamTemplate = (teamId: string, id: string) =>
  api.delete(`${base(teamId)}/${seg(id)}`);
export const saveRetroAsTemplate = (retroId: string, body: SaveRetroAsTemplate) =>
  api.post<TeamTemplate>(`/api/retros/${seg(retroId)}/template`, body);
