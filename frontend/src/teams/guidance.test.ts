import { describe, expect, it } from 'vitest';
import type { ThresholdValues } from '../api/types';
import { byGroup, checkPromptText, newPromptId, thresholdBody, thresholdForm } from './guidance';

const DEFAULTS: ThresholdValues = {
  clarifying_questions_below: 5,
  tech_debt_share_min: 20,
  rework_days_max: 1,
  estimate_ratio_min: 0.8,
  estimate_ratio_max: 1.25,
  stories_added_max: 1,
  satisfaction_min: 3,
  nps_change_min: 0,
};

describe('thresholds', () => {
  it('sends only what differs from the defaults', () => {
    const form = thresholdForm(DEFAULTS);
    expect(thresholdBody(form, DEFAULTS)).toEqual({ body: {}, errors: {} });
    form.clarifying_questions_below = '8';
    form.rework_days_max = '';
    form.estimate_ratio_max = '1,5';
    expect(thresholdBody(form, DEFAULTS)).toEqual({
      body: { clarifying_questions_below: 8, estimate_ratio_max: 1.5 },
      errors: {},
    });
  });

  it('says which inputs are not numbers', () => {
    const form = { ...thresholdForm(DEFAULTS), stories_added_max: '1.5', nps_change_min: 'x' };
    expect(thresholdBody(form, DEFAULTS).errors).toEqual({
      stories_added_max: 'Enter a whole number.',
      nps_change_min: 'Enter a number.',
    });
  });
});

describe('prompts', () => {
  it('makes ids that are free and fit the API', () => {
    const id = newPromptId('technical_debt', [{ id: 'td.team_1' }, { id: 'td.team_2' }]);
    expect(id).toBe('td.team_3');
    expect(id).toMatch(/^[a-z][a-z0-9_.]*$/);
    expect(newPromptId('communication', [])).toBe('co.team_1');
  });

  it('checks the text', () => {
    expect(checkPromptText('  ')).toBe('Write the question.');
    expect(checkPromptText('x'.repeat(301))).toBe('Use at most 300 characters.');
    expect(checkPromptText(' Why? ')).toBe('');
  });

  it('lists every group, empty ones too, in the given order', () => {
    const groups = [
      { group: 'execution' as const, label: 'Execution' },
      { group: 'communication' as const, label: 'Communication' },
    ];
    const out = byGroup([{ id: 'a', group: 'communication' as const }], groups);
    expect(out.map((g) => [g.label, g.prompts.map((p) => p.id)])).toEqual([
      ['Execution', []],
      ['Communication', ['a']],
    ]);
  });
});
