/** A team's Tech Health reports: asked for here, drawn by the worker, downloaded when done. */
import { api, seg } from './client';
import type { Period } from './trends';
import type { ReportFormat, ReportJob, ReportList } from './types';

const base = (teamId: string) => `/api/teams/${seg(teamId)}/reports`;

export function askForReport(teamId: string, format: ReportFormat, period: Period) {
  const range = 'last' in period ? { last: period.last } : { from: period.from, to: period.to };
  return api.post<ReportJob>(base(teamId), { format, ...range });
}

export const getReport = (teamId: string, id: string) =>
  api.get<ReportJob>(`${base(teamId)}/${seg(id)}`);
export const listReports = (teamId: string) => api.get<ReportList>(base(teamId));
export const retryReport = (teamId: string, id: string) =>
  api.post<ReportJob>(`${base(teamId)}/${seg(id)}/retry`);
