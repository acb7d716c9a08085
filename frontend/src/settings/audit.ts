/** How the audit log reads to the owner: a label per kind, and an event's facts in words. */
import type { AuditEvent, AuditKind } from '../api/types';
import { auditDetailWords, auditKindWords } from './admin.messages';

/** Every kind the server can record, with its label in the UI's language now; typed against
 * the server's enum, so a new kind there is a type error here until it has words. */
export function auditKinds(): Record<AuditKind, string> {
  return auditKindWords.get() satisfies Record<AuditKind, string>;
}

export const kindLabel = (kind: AuditKind): string => auditKinds()[kind] ?? kind;

function plain(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? auditDetailWords.get().yes : auditDetailWords.get().no;
  if (Array.isArray(value) && value.length === 2) return `${plain(value[0])} → ${plain(value[1])}`;
  if (typeof value === 'object') return JSON.stringify(value);
  // Codes such as `wrong_password` read as words.
  if (typeof value === 'string' && /^[a-z]+(_[a-z]+)+$/.test(value)) return value.replaceAll('_', ' ');
  return String(value);
}

const FACTS = new Set(['reason', 'method', 'facilitator', 'role', 'file', 'what', 'vendor', 'title', 'hours', 'guests_only', 'cards', 'card_count', 'action_items_unassigned']);

/** "facilitator: no → yes · role: eng → pm": the event's facts, skipping empty ones. */
export function describeDetail(event: Pick<AuditEvent, 'detail'>): string {
  const words = auditDetailWords.get();
  const name = (key: string): string =>
    FACTS.has(key) ? (words as unknown as Record<string, string>)[key]! : key.replaceAll('_', ' ');
  return Object.entries(event.detail ?? {})
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => words.fact({ name: name(key), value: plain(value) }))
    .join(' · ');
}
