/** The tech-debt backlog of a team: items, the joint ranking, recurring themes, sprint capacity. */
import { api, seg } from './client';
import type {
  Capacity,
  CapacityUpdate,
  DebtCreate,
  DebtItem,
  DebtRanking,
  DebtStatus,
  DebtUpdate,
  HistoryEntry,
  Theme,
} from './types';

const teamDebt = (teamId: string) => `/api/teams/${seg(teamId)}/debt`;
const item = (id: string) => `/api/debt/${seg(id)}`;

/** Every item of the team, oldest first; `status` keeps only items in that state. */
export const listDebt = (teamId: string, status?: DebtStatus) =>
  api.get<DebtItem[]>(status ? `${teamDebt(teamId)}?status=${seg(status)}` : teamDebt(teamId));
export const createDebt = (teamId: string, body: DebtCreate) =>
  api.post<DebtItem>(teamDebt(teamId), body);
export const getDebt = (id: string) => api.get<DebtItem>(item(id));
/** Only the fields present change; `null` clears a score. */
export const updateDebt = (id: string, body: DebtUpdate) => api.patch<DebtItem>(item(id), body);
export const deleteDebt = (id: string) => api.delete(item(id));

export const getRanking = (teamId: string) => api.get<DebtRanking>(`${teamDebt(teamId)}/ranking`);

export const listThemes = (teamId: string) => api.get<Theme[]>(`${teamDebt(teamId)}/themes`);
/** 409 `theme_in_backlog` when the theme already has an item. */
export const escalateTheme = (teamId: string, cardIds: string[]) =>
  api.post<DebtItem>(`${teamDebt(teamId)}/themes/escalate`, { card_ids: cardIds });

/** 409 `card_in_backlog` (details.debt_id) when the card already has an item. */
export const cardToDebt = (cardId: string) => api.post<DebtItem>(`/api/cards/${seg(cardId)}/debt`);

export const getCapacity = (retroId: string) =>
  api.get<Capacity>(`/api/retros/${seg(retroId)}/debt-capacity`);
export const setCapacity = (retroId: string, body: CapacityUpdate) =>
  api.put<Capacity>(`/api/retros/${seg(retroId)}/debt-capacity`, body);

/** What became of the item (status and title), newest first; the team's members only. */
export const getDebtHistory = (id: string) => api.get<HistoryEntry[]>(`${item(id)}/history`);
