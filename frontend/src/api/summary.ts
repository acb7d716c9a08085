/** A retro's closing summary. */
import { api, request, seg } from './client';
import type { ChannelPostOut, ClosingSummary, Share, ShareCreated } from './types';

export const getSummary = (retroId: string) =>
  api.get<ClosingSummary>(`/api/retros/${seg(retroId)}/summary`);

export const getSharedSummary = (token: string) =>
  api.get<ClosingSummary>(`/api/shared/${seg(token)}`);
export const listShares = (retroId: string) =>
  api.get<Share[]>(`/api/retros/${seg(retroId)}/shares`);
export const createShare = (retroId: string, expiresAt: string | null) =>
  api.post<ShareCreated>(`/api/retros/${seg(retroId)}/shares`, { expires_at: expiresAt });
export const revokeShare = (retroId: string, shareId: string) =>
  request<Share>('DELETE', `/api/retros/${seg(retroId)}/shares/${seg(shareId)}`);

export const listPosts = (retroId: string) =>
  api.get<ChannelPostOut[]>(`/api/retros/${seg(retroId)}/posts`);
export const publish = (retroId: string, connectionId: string) =>
  api.post<ChannelPostOut>(`/api/retros/${seg(retroId)}/publish`, { connection_id: connectionId });
