/** The signed-in person's own account, the owner's accounts section, and reset links. */
import { api, seg } from './client';
import type {
  AccountDeletion,
  AccountPage,
  AuditKind,
  AuditPage,
  EmailChange,
  MailStatus,
  PasswordChange,
  ResetLinkCreated,
  ResetPreview,
  SsoSetup,
  User,
} from './types';

export const updateProfile = (displayName: string) =>
  api.patch<User>('/api/account', { display_name: displayName });
export const setTheme = (theme: 'system' | 'light' | 'dark') =>
  api.put<User>('/api/account/theme', { theme });
export const setLanguage = (language: 'auto' | 'en' | 'de' | 'fr') =>
  api.put<User>('/api/account/language', { language });
export const changeEmail = (body: EmailChange) => api.put<User>('/api/account/email', body);
export const changePassword = (body: PasswordChange) => api.put<void>('/api/account/password', body);

export function listAccounts(q: string, offset = 0, signal?: AbortSignal) {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (offset) params.set('offset', String(offset));
  const query = params.toString();
  return api.get<AccountPage>(`/api/admin/accounts${query ? `?${query}` : ''}`, { signal });
}

export const createResetLink = (userId: string) =>
  api.post<ResetLinkCreated>(`/api/admin/accounts/${seg(userId)}/password-reset`);
export const mailStatus = () => api.get<MailStatus>('/api/admin/mail');
export const ssoSetup = () => api.get<SsoSetup>('/api/admin/sso');

export const previewReset = (token: string) =>
  api.get<ResetPreview>(`/api/password-resets/${seg(token)}`);
export const resetPassword = (token: string, password: string) =>
  api.post<void>(`/api/password-resets/${seg(token)}`, { password });

/** Plain links: the browser downloads them with the session cookie. */
export const myDataUrl = '/api/account/data';
export const accountDataUrl = (userId: string) => `/api/admin/accounts/${seg(userId)}/data`;

export const deleteMyAccount = (body: AccountDeletion) => api.delete('/api/account', body);
export const deleteAccount = (userId: string, confirm: string) =>
  api.delete(`/api/admin/accounts/${seg(userId)}`, { confirm });

export interface AuditQuery {
  kind?: AuditKind | '';
  actor?: string;
  since?: string;
  until?: string;
}

/** The query string for the audit log's filters; dates (YYYY-MM-DD) are whole UTC days, `until`
 * included. */
export function auditParams(q: AuditQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (q.kind) params.set('kind', q.kind);
  if (q.actor?.trim()) params.set('actor', q.actor.trim());
  if (q.since) params.set('since', `${q.since}T00:00:00Z`);
  if (q.until) {
    const day = new Date(`${q.until}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 1);
    params.set('until', day.toISOString());
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

export function auditLog(q: AuditQuery, offset = 0, signal?: AbortSignal) {
  const query = auditParams(q, offset ? { offset: String(offset) } : {});
  return api.get<AuditPage>(`/api/admin/audit${query ? `?${query}` : ''}`, { signal });
}

export const auditExportUrl = (q: AuditQuery, format: 'csv' | 'json') =>
  `/api/admin/audit/export?${auditParams(q, { format })}`;
