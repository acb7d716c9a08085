/** Templates, retros, their columns and cards. */
import type { Language } from '../i18n/language';
import { api, seg } from './client';
import type {
  Card,
  CardCreate,
  CardUpdate,
  Column,
  ColumnCreate,
  ColumnUpdate,
  FrictionSuggestions,
  GroupSuggestions,
  PerceptionGaps,
  Polarity,
  Retro,
  RetroCreate,
  RetroSummary,
  RetroUpdate,
  Template,
} from './types';

export const listTemplates = (language: Language) =>
  api.get<Template[]>(`/api/templates?language=${language}`);

/** Newest first; archived retros only with `includeArchived`. */
export const listRetros = (teamId: string, includeArchived = false) =>
  api.get<RetroSummary[]>(
    `/api/teams/${seg(teamId)}/retros${includeArchived ? '?include_archived=true' : ''}`,
  );
export const createRetro = (teamId: string, body: RetroCreate) =>
  api.post<Retro>(`/api/teams/${seg(teamId)}/retros`, body);
export const getRetro = (id: string, signal?: AbortSignal) =>
  api.get<Retro>(`/api/retros/${seg(id)}`, { signal });
export const updateRetro = (id: string, body: RetroUpdate) =>
  api.patch<Retro>(`/api/retros/${seg(id)}`, body);
export const deleteRetro = (id: string) => api.delete(`/api/retros/${seg(id)}`);
export const setArchived = (id: string, archived: boolean) =>
  api.put<RetroSummary>(`/api/retros/${seg(id)}/archived`, { archived });

export const addColumn = (retroId: string, body: ColumnCreate) =>
  api.post<Column>(`/api/retros/${seg(retroId)}/columns`, body);
export const updateColumn = (id: string, body: ColumnUpdate) =>
  api.patch<Column>(`/api/columns/${seg(id)}`, body);
export const deleteColumn = (id: string) => api.delete(`/api/columns/${seg(id)}`);

export const addCard = (retroId: string, body: CardCreate) =>
  api.post<Card>(`/api/retros/${seg(retroId)}/cards`, body);
export const updateCard = (id: string, body: CardUpdate) =>
  api.patch<Card>(`/api/cards/${seg(id)}`, body);
export const deleteCard = (id: string) => api.delete(`/api/cards/${seg(id)}`);

/** What the board knows about the card besides its text; the server adds the asker's role. */
export interface FrictionContext {
  column_id?: string;
  polarity?: Polarity;
}

export const suggestFriction = (
  retroId: string,
  text: string,
  context: FrictionContext = {},
  signal?: AbortSignal,
) =>
  api.post<FrictionSuggestions>(
    `/api/retros/${seg(retroId)}/friction-suggestions`,
    { text, ...context },
    { signal },
  );

/** Groups of loose cards about one situation, for a facilitator to accept or dismiss. */
export const suggestGroups = (retroId: string) =>
  api.get<GroupSuggestions>(`/api/retros/${seg(retroId)}/group-suggestions`);

/** Where product and engineering see one situation of the retro differently. */
export const perceptionGaps = (retroId: string) =>
  api.get<PerceptionGaps>(`/api/retros/${seg(retroId)}/perception-gaps`);
