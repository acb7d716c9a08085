/** A team's connections to its tools, and the tickets its items became in its tracker. */
import { api, seg } from './client';
import type { ConnectionOut, NewConnection, TicketOut, VendorOut } from './types';

const base = (teamId: string) => `/api/teams/${seg(teamId)}/connections`;

export const listConnections = (teamId: string) => api.get<ConnectionOut[]>(base(teamId));
export const createConnection = (teamId: string, body: NewConnection) =>
  api.post<ConnectionOut>(base(teamId), body);
export const testConnection = (teamId: string, id: string) =>
  api.post<ConnectionOut>(`${base(teamId)}/${seg(id)}/test`);
export const removeConnection = (teamId: string, id: string) =>
  api.delete(`${base(teamId)}/${seg(id)}`);

export const listTickets = (teamId: string) =>
  api.get<TicketOut[]>(`/api/teams/${seg(teamId)}/tickets`);
export const pushAction = (actionId: string) =>
  api.post<TicketOut>(`/api/actions/${seg(actionId)}/push`);
export const pushDebt = (debtId: string) => api.post<TicketOut>(`/api/debt/${seg(debtId)}/push`);
export const linkAction = (actionId: string, ref: string) =>
  api.post<TicketOut>(`/api/actions/${seg(actionId)}/link`, { ref });
export const linkDebt = (debtId: string, ref: string) =>
  api.post<TicketOut>(`/api/debt/${seg(debtId)}/link`, { ref });
export const listVendors = () => api.get<VendorOut[]>('/api/integrations/vendors');

/** Worth asking again soon: a test or a push the worker has not finished. */
export const waiting = (connections: ConnectionOut[], tickets: TicketOut[]) =>
  connections.some((c) => c.check_pending) || tickets.some((t) => t.state === 'pending');
