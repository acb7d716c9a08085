/**
 * Correcting an action item: the form's draft from an item as it is, what changed, and whether
 * this person may correct items on this board. The server decides; these only prepare.
 */
import type { ActionUpdate, ActionView, Participant, Phase } from '../api/types';
import { itemWords } from './items.messages';
import { JOINT, NAMED, ownerNameOf, ownerOf, type ActionDraft, type OwnerPerson } from './items';

/** The owner choice an item has now, in the picker's terms. */
export function ownerChoiceOf(a: ActionView): string {
  if (a.owner_kind === 'joint') return JOINT;
  if (a.owner_user_id) return a.owner_user_id;
  return a.owner_name ? `${NAMED}${a.owner_name}` : '';
}

export function draftOf(a: ActionView): ActionDraft {
  return {
    title: a.title,
    category: a.category ?? '',
    owner: ownerChoiceOf(a),
    pmId: a.joint_pm_user_id ?? '',
    leadId: a.joint_tech_lead_user_id ?? '',
    due: a.due ?? '',
  };
}

/** Only what differs from the item, so an untouched owner is not checked again (a member whose
 * role has since changed would otherwise block fixing a typo in the title). */
export function changesOf(draft: ActionDraft, a: ActionView): ActionUpdate {
  const before = draftOf(a);
  const patch: ActionUpdate = {};
  if (draft.title.trim() !== a.title) patch.title = draft.title.trim();
  if (draft.category !== before.category) patch.category = draft.category || null;
  if (draft.due !== before.due) patch.due = draft.due || null;
  const ownerMoved =
    draft.owner !== before.owner ||
    (draft.owner === JOINT && (draft.pmId !== before.pmId || draft.leadId !== before.leadId));
  if (ownerMoved) {
    const name = ownerNameOf(draft);
    if (name) patch.owner_name = name;
    else patch.owner = ownerOf(draft);
  }
  return patch;
}

/** The first day an item may be due: the day it was agreed (the server's rule). */
export function firstDueDay(a: Pick<ActionView, 'created_at'>): string {
  return a.created_at.slice(0, 10);
}

/** Members correct their team's items at any time; a guest only this retro's own items while
 * the retro agrees them (discuss and actions). */
export function mayCorrect(
  a: Pick<ActionView, 'retro_id'>,
  me: Pick<Participant, 'kind'>,
  retro: { id: string; phase: Phase },
): boolean {
  if (me.kind === 'member') return true;
  return a.retro_id === retro.id && (retro.phase === 'discuss' || retro.phase === 'actions');
}

export interface OwnerOption {
  value: string;
  label: string;
}

/** The picker's people: the team's members, then the retro's guests by name (and a typed name
 * the item already has, so opening the editor never loses it). */
export function ownerOptions(
  members: readonly OwnerPerson[],
  guests: readonly string[],
  current = '',
): OwnerOption[] {
  const options: OwnerOption[] = members.map((m) => ({ value: m.user_id, label: m.display_name }));
  const names = new Set<string>();
  for (const name of guests) {
    if (names.has(name)) continue;
    names.add(name);
    options.push({ value: `${NAMED}${name}`, label: itemWords.get().guest({ name }) });
  }
  if (current.startsWith(NAMED) && !names.has(current.slice(NAMED.length))) {
    options.push({ value: current, label: current.slice(NAMED.length) });
  }
  return options;
}
