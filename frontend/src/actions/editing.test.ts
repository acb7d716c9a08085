import { describe, expect, it } from 'vitest';
import type { ActionView } from '../api/types';
import { changesOf, draftOf, firstDueDay, mayCorrect, ownerChoiceOf, ownerOptions } from './editing';
import { ownerNameOf, ownerOf } from './items';

const action = (extra: Partial<ActionView> = {}): ActionView => ({
  id: 'a1',
  title: 'Refine stories',
  owner_user_id: null,
  owner_name: null,
  due: null,
  status: 'open',
  topic_id: null,
  created_at: '2026-11-01T10:00:00Z',
  retro_id: 'r1',
  category: 'tech_debt',
  ...extra,
});

describe('draftOf and changesOf', () => {
  it('sends nothing when nothing changed, even for a joint owner', () => {
    const joint = action({ owner_kind: 'joint', joint_pm_user_id: 'p', joint_tech_lead_user_id: 't' });
    expect(changesOf(draftOf(joint), joint)).toEqual({});
  });

  it('sends only what changed, trimmed', () => {
    const a = action();
    const draft = { ...draftOf(a), title: '  Refine stories early ', due: '2026-12-01' };
    expect(changesOf(draft, a)).toEqual({ title: 'Refine stories early', due: '2026-12-01' });
  });

  it('clears the due date and the category with null', () => {
    const a = action({ due: '2026-12-01' });
    expect(changesOf({ ...draftOf(a), due: '', category: '' }, a)).toEqual({ due: null, category: null });
  });

  it('names a guest owner, and replaces a name with a member', () => {
    const a = action();
    expect(changesOf({ ...draftOf(a), owner: 'name:Marco' }, a)).toEqual({ owner_name: 'Marco' });
    const named = action({ owner_name: 'Marco' });
    expect(ownerChoiceOf(named)).toBe('name:Marco');
    expect(changesOf({ ...draftOf(named), owner: 'u2' }, named)).toEqual({
      owner: { kind: 'person', user_id: 'u2' },
    });
    expect(changesOf({ ...draftOf(named), owner: '' }, named)).toEqual({ owner: null });
  });

  it('sends a joint owner when only one of the pair changed', () => {
    const a = action({ owner_kind: 'joint', joint_pm_user_id: 'p', joint_tech_lead_user_id: 't' });
    expect(changesOf({ ...draftOf(a), leadId: 't2' }, a)).toEqual({
      owner: { kind: 'joint', pm_user_id: 'p', tech_lead_user_id: 't2' },
    });
  });

  it('reads a named owner as a name, never as a member id', () => {
    const draft = { ...draftOf(action()), owner: 'name:Marco' };
    expect(ownerOf(draft)).toBeNull();
    expect(ownerNameOf(draft)).toBe('Marco');
    expect(ownerNameOf({ ...draft, owner: 'u1' })).toBeNull();
  });
});

describe('mayCorrect', () => {
  const member = { kind: 'member' as const };
  const guest = { kind: 'guest' as const };

  it('lets members correct any item at any time', () => {
    expect(mayCorrect(action({ retro_id: 'r0' }), member, { id: 'r1', phase: 'closed' })).toBe(true);
  });

  it('lets guests correct only this retro’s items while it agrees them', () => {
    expect(mayCorrect(action(), guest, { id: 'r1', phase: 'actions' })).toBe(true);
    expect(mayCorrect(action(), guest, { id: 'r1', phase: 'discuss' })).toBe(true);
    expect(mayCorrect(action(), guest, { id: 'r1', phase: 'closed' })).toBe(false);
    expect(mayCorrect(action({ retro_id: 'r0' }), guest, { id: 'r1', phase: 'actions' })).toBe(false);
  });
});

describe('ownerOptions', () => {
  it('lists members, then guests once each, and keeps a typed name the item has', () => {
    const members = [{ user_id: 'u1', display_name: 'Tara', role: 'tech_lead' as const }];
    expect(ownerOptions(members, ['Gus', 'Gus'], 'name:Marco')).toEqual([
      { value: 'u1', label: 'Tara' },
      { value: 'name:Gus', label: 'Gus (guest)' },
      { value: 'name:Marco', label: 'Marco' },
    ]);
    expect(ownerOptions([], ['Gus'], 'name:Gus')).toEqual([{ value: 'name:Gus', label: 'Gus (guest)' }]);
  });

  it('starts due dates on the day the item was agreed', () => {
    expect(firstDueDay(action())).toBe('2026-11-01');
  });
});
