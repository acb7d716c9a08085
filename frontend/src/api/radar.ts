/** The health radar of a retro: one's own answers, and the averages per side. */
import { api, seg } from './client';
import type { Friction, RadarAnswers, RetroRadar } from './types';

const radar = (id: string) => `/api/retros/${seg(id)}/radar`;

export const getRadar = (retroId: string) => api.get<RetroRadar>(radar(retroId));
export const getMyAnswers = (retroId: string) => api.get<RadarAnswers>(`${radar(retroId)}/mine`);
export const putMyAnswers = (retroId: string, scores: Partial<Record<Friction, number>>) =>
  api.put<RadarAnswers>(`${radar(retroId)}/mine`, { scores });
