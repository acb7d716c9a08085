/** Instance set-up, sessions and personal API tokens. */
import { api, seg } from './client';
import type { ApiToken, LoginRequest, Session, SetupInfo, SignupRequest } from './types';

export const getSetup = () => api.get<SetupInfo>('/api/setup');
export const getSession = () => api.get<Session>('/api/auth/session');
export const signup = (body: SignupRequest) => api.post<Session>('/api/auth/signup', body);
export const login = (body: LoginRequest) => api.post<Session>('/api/auth/login', body);
export const logout = () => api.post<void>('/api/auth/logout');
export const logoutEverywhere = () => api.post<void>('/api/auth/logout-all');

export const listTokens = () => api.get<ApiToken[]>('/api/tokens');
export const createToken = (name: string) => api.post<ApiToken>('/api/tokens', { name });
export const deleteToken = (id: string) => api.delete(`/api/tokens/${seg(id)}`);
