/**
 * Action items as people read them: category and status words, who owns an item, what a form
 * sends, and follow-through as a percentage. The server decides; these only prepare and show.
 */
import { OWNER_WORDS } from '../vocab/labels';
import { categoryWords, itemWords, outcomeWords, statusWords } from './items.messages';
import type {
  ActionCategory,
  ActionStatus,
  ActionView,
  JointOwner,
  Member,
  Participant,
  PersonOwner,
  ReviewOutcome,
} from '../api/types';

export const CATEGORIES: ActionCategory[] = [
  'requirements_clarity',
  'velocity_quality',
  'tech_debt',
  'communication_rituals',
];
export const STATUSES: ActionStatus[] = ['open', 'in_progress', 'done', 'dropped'];

/** A record whose values are read from the catalogue each time one is looked up, so a label is
 * always in the language the page speaks now. */
export function labelsOf<K extends string | number>(
  keys: readonly K[],
  words: { get(): Record<K, string> },
): Readonly<Record<K, string>> {
  const labels = {} as Record<K, string>;
  for (const key of keys) {
    Object.defineProperty(labels, key, { enumerable: true, get: () => words.get()[key] });
  }
  return labels;
}

export const CATEGORY_LABELS = labelsOf(CATEGORIES, categoryWords);
export const STATUS_LABELS = labelsOf(STATUSES, statusWords);

/** The same moves the server allows (domain/actions.py); done and dropped reopen first. */
const NEXT: Readonly<Record<ActionStatus, readonly ActionStatus[]>> = {
  open: ['in_progress', 'done', 'dropped'],
  in_progress: ['open', 'done', 'dropped'],
  done: ['open'],
  dropped: ['open'],
};

export function nextStatuses(status: string): readonly ActionStatus[] {
  return (NEXT as Record<string, readonly ActionStatus[]>)[status] ?? [];
}

export function categoryLabel(category: string | null | undefined): string {
  if (!category) return itemWords.get().noCategory;
  return (CATEGORY_LABELS as Record<string, string>)[category] ?? category.replaceAll('_', ' ');
}

export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? status.replaceAll('_', ' ');
}

/** "Pat (PM) + Tia (tech lead)" for a joint owner, the person's name, or "No owner". */
export function ownerLabel(a: ActionView): string {
  if (a.owner_kind === 'joint') return OWNER_WORDS.joint(a.joint_pm_name, a.joint_tech_lead_name);
  return a.owner_name || OWNER_WORDS.none;
}

export function carriedText(count: number | undefined): string {
  return count ? itemWords.get().carried({ count }) : '';
}

/** 0.6667 → "67 %"; nothing due yet is not a score, so it shows as a dash. */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)} %`;
}

/** Who may own an item: a team member (the team page's `Member`, or a retro's `OwnerChoice`). */
export type OwnerPerson = Pick<Member, 'user_id' | 'display_name' | 'role'>;

export interface JointChoice {
  pms: OwnerPerson[];
  leads: OwnerPerson[];
  /** Set when the team has exactly one PM and one tech lead: the obvious pair. */
  pmId: string;
  leadId: string;
}

export function jointCandidates(members: readonly OwnerPerson[]): JointChoice {
  const pms = members.filter((m) => m.role === 'pm');
  const leads = members.filter((m) => m.role === 'tech_lead');
  const single = pms.length === 1 && leads.length === 1;
  return {
    pms,
    leads,
    pmId: single ? (pms[0]?.user_id ?? '') : '',
    leadId: single ? (leads[0]?.user_id ?? '') : '',
  };
}

/** "" for no owner, "joint" for the PM + tech lead, `name:` and a name for an owner without an
 * account (a guest of the retro), else a member's user id. */
export type OwnerChoice = string;
export const JOINT = 'joint';
export const NAMED = 'name:';

export interface ActionDraft {
  title: string;
  category: ActionCategory | '';
  owner: OwnerChoice;
  pmId: string;
  leadId: string;
  due: string;
}

/** Problems the server would refuse anyway, said next to the field before sending. */
export function checkDraft(draft: ActionDraft, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const w = itemWords.get();
  if (!draft.title.trim()) errors.title = w.titleMissing;
  else if ([...draft.title.trim()].length > 200) errors.title = w.titleLong;
  if (!draft.category) errors.category = w.categoryMissing;
  if (draft.owner === JOINT) {
    if (!draft.pmId) errors.pm_user_id = w.pmMissing;
    if (!draft.leadId) errors.tech_lead_user_id = w.leadMissing;
  }
  if (draft.due && draft.due < today) errors.due = w.duePast;
  return errors;
}

export function ownerOf(draft: ActionDraft): PersonOwner | JointOwner | null {
  if (draft.owner === JOINT) {
    return { kind: 'joint', pm_user_id: draft.pmId, tech_lead_user_id: draft.leadId };
  }
  if (draft.owner.startsWith(NAMED)) return null;
  return draft.owner ? { kind: 'person', user_id: draft.owner } : null;
}

/** The typed name of an owner without an account, when that is what was chosen. */
export function ownerNameOf(draft: ActionDraft): string | null {
  return draft.owner.startsWith(NAMED) ? draft.owner.slice(NAMED.length).trim() || null : null;
}

/** Today as the date input writes it (`2026-11-25`), in the reader's time zone. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function ownerIds(a: ActionView): string[] {
  if (a.owner_kind === 'joint') {
    return [a.joint_pm_user_id, a.joint_tech_lead_user_id].filter((id): id is string => !!id);
  }
  return a.owner_user_id ? [a.owner_user_id] : [];
}

/** The facilitator, or the people who own the item, record what became of it. */
export function mayReview(a: ActionView, me: Pick<Participant, 'id' | 'kind' | 'is_facilitator'>): boolean {
  return me.is_facilitator || (me.kind === 'member' && ownerIds(a).includes(me.id));
}

/** What this retro decided about the item, if it did. */
export function decidedHere(a: ActionView, retroId: string): ReviewOutcome | null {
  return a.last_review_retro_id === retroId ? (a.last_review_outcome ?? null) : null;
}

export const OUTCOME_LABELS = labelsOf<ReviewOutcome>(['done', 'carry_over', 'drop'], outcomeWords);
