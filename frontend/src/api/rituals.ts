/** A team's rituals (dates, agendas, calendar files), its working agreements and pairing log. */
import { api, seg } from './client';
import type {
  AgreementsUpdate,
  PairingCheckResult,
  PairingCheckStory,
  Ritual,
  RitualAgenda,
  RitualCreate,
  RitualOccurrences,
  RitualUpdate,
  StoryPairing,
  StoryPairingCreate,
  TeamAgreements,
} from './types';

const team = (teamId: string) => `/api/teams/${seg(teamId)}`;
const ritual = (id: string) => `/api/rituals/${seg(id)}`;

export const listRituals = (teamId: string) => api.get<Ritual[]>(`${team(teamId)}/rituals`);
/** Recurrence fields left out take the kind's defaults. */
export const createRitual = (teamId: string, body: RitualCreate) =>
  api.post<Ritual>(`${team(teamId)}/rituals`, body);
export const getRitual = (id: string) => api.get<Ritual>(ritual(id));
/** Only the fields present change, in the recurrence too. */
export const updateRitual = (id: string, body: RitualUpdate) => api.patch<Ritual>(ritual(id), body);
export const deleteRitual = (id: string) => api.delete(ritual(id));
export const nextOccurrences = (id: string, count = 5) =>
  api.get<RitualOccurrences>(`${ritual(id)}/next?count=${count}`);
export const getAgenda = (id: string) => api.get<RitualAgenda>(`${ritual(id)}/agenda`);
/** A plain link (the browser downloads it with the session cookie), not a fetch. */
export const calendarUrl = (id: string) => `${ritual(id)}/calendar.ics`;

export const getAgreements = (teamId: string) =>
  api.get<TeamAgreements>(`${team(teamId)}/agreements`);
export const putAgreements = (teamId: string, body: AgreementsUpdate) =>
  api.put<TeamAgreements>(`${team(teamId)}/agreements`, body);

export const listPairings = (teamId: string) =>
  api.get<StoryPairing[]>(`${team(teamId)}/pairings`);
export const recordPairing = (teamId: string, body: StoryPairingCreate) =>
  api.post<StoryPairing>(`${team(teamId)}/pairings`, body);
export const checkPairings = (teamId: string, stories: PairingCheckStory[]) =>
  api.post<PairingCheckResult>(`${team(teamId)}/pairings/check`, { stories });
