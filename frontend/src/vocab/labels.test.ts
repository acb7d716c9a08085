import { deliveryKindLabel } from './deliveries';
import { describe, expect, it } from 'vitest';
import {
  FRICTIONS,
  POLARITIES,
  ROLES,
  dimensionLabel,
  frictionLabel,
  humanize,
  polarityLabel,
  roleLabel,
  templateName,
} from './labels';

describe('labels', () => {
  it('names every role the way the team talks about it', () => {
    expect(ROLES.map(roleLabel)).toEqual([
      'Product Manager',
      'Engineer',
      'Tech Lead',
      'Design',
      'QA',
      'Engineering Manager',
    ]);
  });

  it('names the polarities and friction points', () => {
    expect(POLARITIES.map(polarityLabel)).toEqual(['Went well', "Didn't go well", 'Proposal']);
    expect(FRICTIONS.map(frictionLabel)).toEqual([
      'Requirements clarity',
      'Velocity vs quality',
      'Tech debt',
      'Estimation',
      'Communication',
    ]);
  });

  it('names the radar\'s five dimensions in the reader\'s words and a team\'s own as written', () => {
    expect(dimensionLabel({ dimension: 'estimation', label: 'ignored', team_defined: false })).toBe(
      'Estimation & predictability',
    );
    expect(dimensionLabel({ dimension: 'd1', label: 'On-call load', team_defined: true })).toBe('On-call load');
    expect(dimensionLabel({ dimension: 'new_one', label: 'From the server', team_defined: false })).toBe(
      'From the server',
    );
  });

  it('falls back to a readable label for values this build does not know', () => {
    expect(roleLabel('data_science')).toBe('Data science');
    expect(frictionLabel('scope-creep')).toBe('Scope creep');
    expect(templateName('pm_engineering')).toBe('PM / Engineering');
    expect(templateName('lean_coffee')).toBe('Lean coffee');
    expect(templateName('team', 'Launch retro')).toBe('Launch retro');
    expect(templateName('team', null)).toBe('Team template');
    expect(templateName('four_ls', 'ignored')).toBe('4Ls');
    expect(humanize('')).toBe('');
  });

  it('names each kind of delivery, and shows a kind it does not know as it is', () => {
    expect(deliveryKindLabel('team.action_overdue')).toBe('Action item overdue');
    expect(deliveryKindLabel('team.member_left')).toBe('Member left');
    expect(deliveryKindLabel('team.something_new')).toBe('team.something_new');
  });
});
