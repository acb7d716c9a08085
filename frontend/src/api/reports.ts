/** A team's Tech Health reports: asked for here, drawn by the worker, downloaded when done. */
import { api, seg } from './client';
import type { Period } from './trends';
import type { ReportFormat, ReportJob, ReportList } from './types';

const base = (teamId: string) => `/api/teams/${seg(teamId)}/reports`;

/** The request for a report of the period the Trends page shows, worded in the reader's
 * `language` (without one the server takes the team's). */
export function reportBody(format: ReportFormat, period: Period, language?: string) {
  const asked = 'last' in period
    ? { format, last: period.last }
    : { format, from: period.from, to: period.to };
  return language ? { ...asked, language } : asked;
}

/** Whether the worker still has the report in hand: keep following it. */
export const inHand = (job: ReportJob) => job.status === 'queued' || job.status === 'running';

export const askForReport = (
  teamId: string,
  format: ReportFormat,
  period: Period,
  language: string,
) => api.post<ReportJob>(base(teamId), reportBody(format, period, language));
export const getReport = (teamId: string, id: string) =>
  api.get<ReportJob>(`${base(teamId)}/${seg(id)}`);
export const listReports = (teamId: string) => api.get<ReportList>(base(teamId));
export const retryReport = (teamId: string, id: string, language: string) =>
  api.post<ReportJob>(`${base(teamId)}/${seg(id)}/retry?language=${seg(language)}`);
