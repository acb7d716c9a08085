/**
 * Action items as people read them: category and status words, who owns an item, what a form
 * sends, and follow-through as a percentage. The server decides; these only prepare and show.
 */
import { OWNER_WORDS } from '../vocab/labels';
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

export const CATEGORY_LABELS: Readonly<Record<ActionCategory, string>> = {
  requirements_clarity: 'Requirements clarity',
  velocity_quality: 'Velocity vs quality',
  tech_debt: 'Tech debt',
  communication_rituals: 'Communication & rituals',
};

export const STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

export const CATEGORIES = Object.keys(CATEGORY_LABELS) as ActionCategory[];
export const STATUSES = Object.keys(STATUS_LABELS) as ActionStatus[];

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
  if (!category) return 'No category';
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
  return count ? `carried ${count}×` : '';
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
  if (!draft.title.trim()) errors.title = 'Give the action item a title.';
  else if ([...draft.title.trim()].length > 200) errors.title = 'Use at most 200 characters.';
  if (!draft.category) errors.category = 'Pick the friction this item addresses.';
  if (draft.owner === JOINT) {
    if (!draft.pmId) errors.pm_user_id = 'Choose the PM.';
    if (!draft.leadId) errors.tech_lead_user_id = 'Choose the tech lead.';
  }
  if (draft.due && draft.due < today) errors.due = 'The due date cannot be in the past.';
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

export const OUTCOME_LABELS: Readonly<Record<ReviewOutcome, string>> = {
  done: 'Marked done',
  carry_over: 'Carried over',
  drop: 'Dropped',
};
