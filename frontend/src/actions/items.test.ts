import { describe, expect, it } from 'vitest';
import type { ActionView, Member } from '../api/types';
import {
  carriedText,
  categoryLabel,
  checkDraft,
  decidedHere,
  formatRate,
  jointCandidates,
  localToday,
  mayReview,
  nextStatuses,
  ownerLabel,
  ownerOf,
  type ActionDraft,
} from './items';

const member = (user_id: string, role: Member['role'], display_name = user_id): Member => ({
  user_id,
  role,
  display_name,
  email: `${user_id}@example.com`,
  is_facilitator: false,
  joined_at: '2026-01-01T00:00:00Z',
});

const action = (extra: Partial<ActionView> = {}): ActionView => ({
  id: 'a1',
  title: 'Refine stories',
  owner_user_id: null,
  owner_name: null,
  due: null,
  status: 'open',
  topic_id: null,
  created_at: '2026-11-01T10:00:00Z',
  ...extra,
});

const draft = (extra: Partial<ActionDraft> = {}): ActionDraft => ({
  title: 'Refine stories',
  category: 'requirements_clarity',
  owner: '',
  pmId: '',
  leadId: '',
  due: '',
  ...extra,
});

describe('joint owners', () => {
  it('preselects the pair when the team has exactly one PM and one tech lead', () => {
    const choice = jointCandidates([member('p', 'pm'), member('t', 'tech_lead'), member('e', 'eng')]);
    expect([choice.pmId, choice.leadId]).toEqual(['p', 't']);
    expect(choice.pms.map((m) => m.user_id)).toEqual(['p']);
  });

  it('leaves the choice open when there are several', () => {
    const choice = jointCandidates([member('p', 'pm'), member('q', 'pm'), member('t', 'tech_lead')]);
    expect([choice.pmId, choice.leadId]).toEqual(['', '']);
    expect(choice.pms).toHaveLength(2);
  });

  it('names both people', () => {
    const joint = action({ owner_kind: 'joint', joint_pm_name: 'Pat', joint_tech_lead_name: 'Tia' });
    expect(ownerLabel(joint)).toBe('Pat (PM) + Tia (tech lead)');
    expect(ownerLabel(action({ owner_name: 'Eli' }))).toBe('Eli');
    expect(ownerLabel(action())).toBe('No owner');
  });

  it('builds the owner the command expects', () => {
    expect(ownerOf(draft({ owner: 'joint', pmId: 'p', leadId: 't' }))).toEqual({
      kind: 'joint',
      pm_user_id: 'p',
      tech_lead_user_id: 't',
    });
    expect(ownerOf(draft({ owner: 'u1' }))).toEqual({ kind: 'person', user_id: 'u1' });
    expect(ownerOf(draft())).toBeNull();
  });
});

describe('checking a draft', () => {
  it('accepts a complete one', () => {
    expect(checkDraft(draft({ due: '2026-11-25' }), '2026-11-25')).toEqual({});
  });

  it('says what is missing by field', () => {
    const errors = checkDraft(
      draft({ title: ' ', category: '', owner: 'joint', due: '2026-11-24' }),
      '2026-11-25',
    );
    expect(Object.keys(errors).sort()).toEqual(['category', 'due', 'pm_user_id', 'tech_lead_user_id', 'title']);
  });
});

describe('words and numbers', () => {
  it('labels categories, even unknown or missing ones', () => {
    expect(categoryLabel('communication_rituals')).toBe('Communication & rituals');
    expect(categoryLabel(null)).toBe('No category');
    expect(categoryLabel('new_thing')).toBe('new thing');
  });

  it('shows carry-overs and rates', () => {
    expect(carriedText(0)).toBe('');
    expect(carriedText(2)).toBe('carried 2×');
    expect(formatRate(2 / 3)).toBe('67 %');
    expect(formatRate(null)).toBe('—');
  });

  it('offers only the moves the server allows', () => {
    expect(nextStatuses('done')).toEqual(['open']);
    expect(nextStatuses('open')).toContain('dropped');
    expect(nextStatuses('unknown')).toEqual([]);
  });

  it('writes today as the date input does', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

describe('reviewing', () => {
  const me = (id: string, is_facilitator = false) => ({ id, kind: 'member' as const, is_facilitator });

  it('lets the facilitator and the owners decide', () => {
    const joint = action({ owner_kind: 'joint', joint_pm_user_id: 'p', joint_tech_lead_user_id: 't' });
    expect(mayReview(joint, me('t'))).toBe(true);
    expect(mayReview(joint, me('e'))).toBe(false);
    expect(mayReview(joint, me('e', true))).toBe(true);
    expect(mayReview(action({ owner_user_id: 'e' }), me('e'))).toBe(true);
    expect(mayReview(action({ owner_user_id: 'e' }), { id: 'e', kind: 'guest', is_facilitator: false })).toBe(false);
  });

  it('knows what this retro decided', () => {
    const reviewed = action({ last_review_retro_id: 'r2', last_review_outcome: 'carry_over' });
    expect(decidedHere(reviewed, 'r2')).toBe('carry_over');
    expect(decidedHere(reviewed, 'r3')).toBeNull();
  });
});
