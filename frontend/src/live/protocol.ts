/**
 * The live board protocol (docs/live.md): the frames the server sends, the events inside them,
 * and the commands we send. Every incoming frame is checked by a type guard before it is used,
 * so a malformed frame is dropped instead of corrupting the board.
 */
import type {
  ActionView,
  BoardCommand,
  BoardEvent,
  CardView,
  GroupView,
  ParticipantView,
  Phase,
  Retro,
} from '../api/types';

export const PHASES: readonly Phase[] = [
  'check_in',
  'review',
  'reflect',
  'reveal',
  'group',
  'vote',
  'discuss',
  'actions',
  'closed',
];

export const REACTIONS = ['👍', '❤️', '🎉', '😂', '🤔', '😬'] as const;

/** Stands for someone else's reaction in an anonymous retro: it counts, and names nobody. */
export const ANONYMOUS = 'anonymous';

/** Before the reveal, a card's text belongs to its author alone. */
export function cardsHidden(phase: Phase): boolean {
  return PHASES.indexOf(phase) < PHASES.indexOf('reveal');
}

/** With hidden tallies, whether a viewer sees only their own votes: until the vote is over. */
export function talliesHidden(phase: Phase): boolean {
  return PHASES.indexOf(phase) <= PHASES.indexOf('vote');
}

/**
 * The board's events and commands are the server's own models, generated from the OpenAPI schema
 * (`make openapi`; see api/types.ts): nothing here restates their shapes, so a change on the
 * server that the front end does not follow fails `npm run check`.
 */
export type { BoardEvent, CardView };
export type Command = BoardCommand;

export type EventType = BoardEvent['type'];

export interface PresenceEntry {
  key: string;
  display_name: string;
  role: ParticipantView['role'];
  kind: 'member' | 'guest';
}

export interface ErrorInfo {
  code: string;
  message: string;
  details?: unknown;
}

export type ServerFrame =
  | { type: 'snapshot'; seq: number; now: string; board: Retro; log?: string; tag?: string }
  | { type: 'event'; seq: number; event: BoardEvent; tag?: string }
  | { type: 'ack'; command_id: string; seq: number; duplicate: boolean; result?: Record<string, unknown> | null }
  | { type: 'error'; command_id: string | null; error: ErrorInfo }
  | { type: 'presence'; participants: PresenceEntry[] }
  /** What changed since the last presence frame: who arrived or changed, and whose keys left. */
  | { type: 'presence_changed'; joined: PresenceEntry[]; left: string[] }
  /** Whether changes made through other server processes may reach this board late. */
  | { type: 'live_status'; delayed: boolean }
  | { type: 'pong' };

// ---- type guards -------------------------------------------------------------------------

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const optStr = (v: unknown) => v === undefined || v === null || isStr(v);
const strList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const optStrList = (v: unknown) => v === undefined || v === null || strList(v);
const isPhase = (v: unknown): v is Phase => isStr(v) && (PHASES as readonly string[]).includes(v);

export function isCardView(v: unknown): v is CardView {
  return (
    isObj(v) &&
    isStr(v.id) &&
    isStr(v.column_id) &&
    optStr(v.group_id) &&
    (v.hidden === undefined || isBool(v.hidden)) &&
    optStr(v.text) &&
    optStr(v.author_name) &&
    optStr(v.author_id)
  );
}

const isColumn = (v: unknown) =>
  isObj(v) && isStr(v.id) && isStr(v.title) && isInt(v.position) && strList(v.polarities);
const isGroup = (v: unknown): v is GroupView => isObj(v) && isStr(v.id) && isStr(v.title);
const isParticipant = (v: unknown): v is ParticipantView =>
  isObj(v) && isStr(v.key) && isStr(v.display_name) && isStr(v.role) && isStr(v.kind);
const isSettings = (v: unknown) =>
  isObj(v) && isBool(v.anonymous) && isInt(v.votes_per_person) && Array.isArray(v.skipped_phases);
const REVIEW_OUTCOMES: readonly string[] = ['done', 'carry_over', 'drop'];
const isActionView = (v: unknown): v is ActionView =>
  isObj(v) &&
  isStr(v.id) &&
  isStr(v.title) &&
  isStr(v.status) &&
  optStr(v.owner_name) &&
  optStr(v.due) &&
  optStr(v.category) &&
  optStr(v.owner_kind) &&
  (v.carry_count === undefined || isInt(v.carry_count));
const optCards = (v: unknown) =>
  v === undefined || v === null || (Array.isArray(v) && v.every(isCardView));

const EVENT_GUARDS: Record<EventType, (e: Obj) => boolean> = {
  card_added: (e) => isCardView(e.card),
  card_edited: (e) => isCardView(e.card),
  card_deleted: (e) => isStr(e.card_id) && optStr(e.removed_group_id),
  column_added: (e) => isColumn(e.column),
  column_changed: (e) => isColumn(e.column),
  column_removed: (e) => isStr(e.column_id),
  retro_changed: (e) => isStr(e.title) && optStr(e.sprint_name),
  phase_changed: (e) =>
    isPhase(e.phase) &&
    optCards(e.revealed) &&
    (e.tallies === undefined || e.tallies === null || isObj(e.tallies)),
  settings_changed: (e) => isSettings(e.settings) && optCards(e.revealed),
  group_created: (e) => isGroup(e.group) && strList(e.card_ids) && optStrList(e.removed_group_ids),
  cards_grouped: (e) =>
    isStr(e.group_id) && strList(e.card_ids) && optStrList(e.removed_group_ids) && optStr(e.title),
  card_ungrouped: (e) => isStr(e.card_id) && optStr(e.removed_group_id),
  group_renamed: (e) => isGroup(e.group),
  groups_merged: (e) => isStr(e.source_group_id) && isStr(e.target_group_id),
  vote_changed: (e) => optStr(e.voter) && isInt(e.votes_used) && optStr(e.topic_id),
  ready_changed: (e) => isParticipant(e.participant),
  checked_in: (e) => isParticipant(e.participant),
  participant_joined: (e) => isParticipant(e.participant),
  timer_set: (e) => optStr(e.ends_at) && (e.seconds === null || e.seconds === undefined || isInt(e.seconds)),
  reaction_toggled: (e) => isStr(e.card_id) && isStr(e.emoji) && isStr(e.participant) && isBool(e.on),
  topic_set: (e) => optStr(e.topic_id),
  notes_saved: (e) => isStr(e.topic_id) && isStr(e.text),
  action_created: (e) => isActionView(e.action),
  action_reviewed: (e) =>
    isActionView(e.action) && isStr(e.outcome) && REVIEW_OUTCOMES.includes(e.outcome) && optStr(e.reason),
  action_changed: (e) => isActionView(e.action),
  action_removed: (e) => isStr(e.action_id),
  backlog_changed: (e) =>
    isObj(e.cards) && Object.values(e.cards).every((v) => v === null || isStr(v)),
  withheld: () => true,
  signals_changed: () => true,
  radar_changed: () => true,
};

export function isBoardEvent(v: unknown): v is BoardEvent {
  if (!isObj(v) || !isStr(v.type) || !Object.hasOwn(EVENT_GUARDS, v.type)) return false;
  return EVENT_GUARDS[v.type as EventType](v);
}

function isRetro(v: unknown): v is Retro {
  return (
    isObj(v) &&
    isStr(v.id) &&
    isPhase(v.phase) &&
    isInt(v.seq) &&
    Array.isArray(v.columns) &&
    Array.isArray(v.cards) &&
    v.cards.every(isCardView) &&
    Array.isArray(v.groups) &&
    Array.isArray(v.participants) &&
    isObj(v.me) &&
    isSettings(v.settings)
  );
}

/** The frame if it has a shape we know, else null (the caller drops it). */
export function parseFrame(text: string): ServerFrame | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(v) || !isStr(v.type)) return null;
  switch (v.type) {
    case 'snapshot':
      return isInt(v.seq) && isStr(v.now) && isRetro(v.board) && optStr(v.log) && optStr(v.tag)
        ? (v as ServerFrame)
        : null;
    case 'event':
      return isInt(v.seq) && isBoardEvent(v.event) && optStr(v.tag) ? (v as ServerFrame) : null;
    case 'ack':
      return isStr(v.command_id) && isInt(v.seq) ? (v as ServerFrame) : null;
    case 'error':
      return optStr(v.command_id) && isObj(v.error) && isStr(v.error.code) && isStr(v.error.message)
        ? (v as ServerFrame)
        : null;
    case 'presence':
      return Array.isArray(v.participants) && v.participants.every(isParticipant)
        ? (v as ServerFrame)
        : null;
    case 'presence_changed':
      return Array.isArray(v.joined) &&
        v.joined.every(isParticipant) &&
        Array.isArray(v.left) &&
        v.left.every(isStr)
        ? (v as ServerFrame)
        : null;
    case 'live_status':
      return isBool(v.delayed) ? { type: 'live_status', delayed: v.delayed } : null;
    case 'pong':
      return { type: 'pong' };
    default:
      return null;
  }
}
