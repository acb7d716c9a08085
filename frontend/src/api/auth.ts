/** Instance set-up, sessions and personal API tokens. */
import { api, seg } from './client';
import type {
  ApiToken,
  LoginRequest,
  Session,
  SetupInfo,
  SignupRequest,
  SsoLinked,
  SsoPending,
  SsoRedirect,
  SsoSignedOut,
} from './types';

export const getSetup = () => api.get<SetupInfo>('/api/setup');
export const getSession = () => api.get<Session>('/api/auth/session');
export const signup = (body: SignupRequest) => api.post<Session>('/api/auth/signup', body);
export const login = (body: LoginRequest) => api.post<Session>('/api/auth/login', body);
export const logout = () => api.post<void>('/api/auth/logout');
export const logoutEverywhere = () => api.post<void>('/api/auth/logout-all');

/** Single sign-on. Starting is a page navigation (`ssoStartUrl`), not a fetch: the browser
 * leaves for the provider and comes back to /api/auth/sso/callback. */
export const ssoStartUrl = (next: string) =>
  next && next !== '/' ? `/api/auth/sso/start?next=${encodeURIComponent(next)}` : '/api/auth/sso/start';
export const ssoLink = () => api.post<SsoRedirect>('/api/auth/sso/link');
export const ssoPending = () => api.get<SsoPending>('/api/auth/sso/pending');
export const ssoFinishLink = (password: string) =>
  api.post<SsoLinked>('/api/auth/sso/pending', { password });
export const ssoLogout = () => api.post<SsoSignedOut>('/api/auth/sso/logout');

export const listTokens = () => api.get<ApiToken[]>('/api/tokens');
export const createToken = (name: string) => api.post<ApiToken>('/api/tokens', { name });
export const deleteToken = (id: string) => api.delete(`/api/tokens/${seg(id)}`);
