/** How the audit log reads to the owner: a label per kind, and an event's facts in words. */
import type { AuditEvent, AuditKind } from '../api/types';

export const AUDIT_KINDS: Record<AuditKind, string> = {
  sign_in: 'Signed in',
  sign_in_failed: 'Sign-in failed',
  sso_sign_in: 'Signed in with SSO',
  sso_linked: 'SSO identity linked',
  password_reset_link: 'Reset link made',
  password_reset: 'Password reset',
  password_changed: 'Password changed',
  email_changed: 'Email changed',
  owner_changed: 'Owner changed',
  member_changed: 'Member changed',
  member_removed: 'Member removed',
  invite_created: 'Invite made',
  invite_revoked: 'Invite revoked',
  share_created: 'Share link made',
  share_revoked: 'Share link turned off',
  export_downloaded: 'Export downloaded',
  connection_created: 'Tool connected',
  connection_changed: 'Connection changed',
  connection_removed: 'Tool disconnected',
  integration_key_rotated: 'Integrations key rotated',
  retro_deleted: 'Retro deleted',
  data_exported: 'Personal data downloaded',
  account_deleted: 'Account deleted',
};

export const kindLabel = (kind: AuditKind): string => AUDIT_KINDS[kind] ?? kind;

function plain(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value) && value.length === 2) return `${plain(value[0])} → ${plain(value[1])}`;
  if (typeof value === 'object') return JSON.stringify(value);
  // Codes such as `wrong_password` read as words.
  if (typeof value === 'string' && /^[a-z]+(_[a-z]+)+$/.test(value)) return value.replaceAll('_', ' ');
  return String(value);
}

const WORDS: Record<string, string> = {
  reason: 'reason',
  method: 'with',
  facilitator: 'facilitator',
  role: 'role',
  file: 'file',
  what: 'what',
  vendor: 'tool',
  title: 'title',
  hours: 'valid for (hours)',
  guests_only: 'guests only',
  cards: 'cards',
  card_count: 'cards written',
  action_items_unassigned: 'action items left without owner',
};

/** "facilitator: no → yes · role: eng → pm": the event's facts, skipping empty ones. */
export function describeDetail(event: Pick<AuditEvent, 'detail'>): string {
  return Object.entries(event.detail ?? {})
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${WORDS[key] ?? key.replaceAll('_', ' ')}: ${plain(value)}`)
    .join(' · ');
}
