/** A retro's closing summary. */
import { api, seg } from './client';
import type { ClosingSummary } from './types';

export const getSummary = (retroId: string) =>
  api.get<ClosingSummary>(`/api/retros/${seg(retroId)}/summary`);
