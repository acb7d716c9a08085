/** A team's deliveries: team events the worker still has to hand on, or gave up on. */
import { api, seg } from './client';
import type { Delivery, Retried, TeamDeliveries } from './types';

const base = (teamId: string) => `/api/teams/${seg(teamId)}/deliveries`;

export const listDeliveries = (teamId: string) => api.get<TeamDeliveries>(base(teamId));
export const retryDelivery = (teamId: string, id: string) =>
  api.post<Delivery>(`${base(teamId)}/${seg(id)}/retry`);
export const retryFailed = (teamId: string) => api.post<Retried>(`${base(teamId)}/retry-failed`);
