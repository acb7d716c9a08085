/** Sprint signals and pulses of a retro, a team's thresholds, and guided prompts. */
import { api, request, seg } from './client';
import type {
  PromptIn,
  RetroPrompts,
  RetroSignals,
  SignalsUpdate,
  TeamPrompts,
  TeamSides,
  TeamThresholds,
  ThresholdsUpdate,
} from './types';

const retro = (id: string) => `/api/retros/${seg(id)}`;
const team = (id: string) => `/api/teams/${seg(id)}`;

export const getSignals = (retroId: string) => api.get<RetroSignals>(`${retro(retroId)}/signals`);
export const putSignals = (retroId: string, body: SignalsUpdate) =>
  api.put<RetroSignals>(`${retro(retroId)}/signals`, body);
export const addPulse = (retroId: string, score: number) =>
  api.post<RetroSignals>(`${retro(retroId)}/signals/pulse`, { score });

export const getThresholds = (teamId: string) =>
  api.get<TeamThresholds>(`${team(teamId)}/thresholds`);
export const putThresholds = (teamId: string, body: ThresholdsUpdate) =>
  api.put<TeamThresholds>(`${team(teamId)}/thresholds`, body);

export const getSides = (teamId: string) => api.get<TeamSides>(`${team(teamId)}/sides`);
export const putSides = (teamId: string, sides: Record<string, string>) =>
  api.put<TeamSides>(`${team(teamId)}/sides`, { sides });

export const getRetroPrompts = (retroId: string) =>
  api.get<RetroPrompts>(`${retro(retroId)}/prompts`);
export const getTeamPrompts = (teamId: string) => api.get<TeamPrompts>(`${team(teamId)}/prompts`);
export const putTeamPrompts = (teamId: string, prompts: PromptIn[]) =>
  api.put<TeamPrompts>(`${team(teamId)}/prompts`, { prompts });
export const resetTeamPrompts = (teamId: string) =>
  request<TeamPrompts>('DELETE', `${team(teamId)}/prompts`);
