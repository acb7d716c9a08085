/** Teams, their members and their invite links. */
import { api, seg } from './client';
import type {
  Invite,
  InviteAccepted,
  InviteCreate,
  InvitePreview,
  MemberUpdate,
  Role,
  Session,
  Team,
  TeamCreate,
  TeamSummary,
  TeamUpdate,
} from './types';

const team = (id: string) => `/api/teams/${seg(id)}`;

export const listTeams = () => api.get<TeamSummary[]>('/api/teams');
export const createTeam = (body: TeamCreate) => api.post<Team>('/api/teams', body);
export const getTeam = (id: string) => api.get<Team>(team(id));
export const updateTeam = (id: string, body: TeamUpdate) => api.patch<Team>(team(id), body);

export const updateMember = (teamId: string, userId: string, body: MemberUpdate) =>
  api.patch<Team>(`${team(teamId)}/members/${seg(userId)}`, body);
export const removeMember = (teamId: string, userId: string) =>
  api.delete(`${team(teamId)}/members/${seg(userId)}`);

export const listInvites = (teamId: string) => api.get<Invite[]>(`${team(teamId)}/invites`);
export const createInvite = (teamId: string, body: InviteCreate) =>
  api.post<Invite>(`${team(teamId)}/invites`, body);
export const revokeInvite = (teamId: string, inviteId: string) =>
  api.delete(`${team(teamId)}/invites/${seg(inviteId)}`);

export const previewInvite = (token: string) =>
  api.get<InvitePreview>(`/api/invites/${seg(token)}`);
export const acceptInvite = (token: string, role: Role) =>
  api.post<InviteAccepted>(`/api/invites/${seg(token)}/accept`, { role });
export const joinAsGuest = (token: string, display_name: string, role: Role) =>
  api.post<Session>(`/api/invites/${seg(token)}/guest`, { display_name, role });
