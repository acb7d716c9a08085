/** The signed-in person's own account, the owner's accounts section, and reset links. */
import { api, seg } from './client';
import type {
  SsoSetup,
  AccountPage,
  EmailChange,
  MailStatus,
  PasswordChange,
  ResetLinkCreated,
  ResetPreview,
  User,
} from './types';

export const updateProfile = (displayName: string) =>
  api.patch<User>('/api/account', { display_name: displayName });
export const setTheme = (theme: 'system' | 'light' | 'dark') =>
  api.put<User>('/api/account/theme', { theme });
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
