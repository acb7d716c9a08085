import { describe, expect, it } from 'vitest';
import type { ThresholdValues } from '../api/types';
import {
  byGroup,
  checkPromptText,
  fillPrompt,
  holdsDefaults,
  newPromptId,
  THRESHOLD_FIELDS,
  thresholdBody,
  thresholdForm,
  unsavedThresholds,
} from './guidance';

const DEFAULTS: ThresholdValues = {
  completion_min: 80,
  qa_rejections_max: 1,
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
  it('edits every threshold the server has, the new signals included', () => {
    expect(THRESHOLD_FIELDS.map((f) => f.key).sort()).toEqual(Object.keys(DEFAULTS).sort());
  });

  it('tells what saving would change, and whether the defaults are already in', () => {
    const saved = { ...DEFAULTS, clarifying_questions_below: 8 };
    const form = thresholdForm(saved);
    expect(unsavedThresholds(form, saved, DEFAULTS)).toEqual([]);
    expect(holdsDefaults(form, DEFAULTS)).toBe(false);
    // "Use the defaults" fills the form in; nothing is saved yet.
    const reset = thresholdForm(DEFAULTS);
    expect(unsavedThresholds(reset, saved, DEFAULTS)).toEqual(['clarifying_questions_below']);
    expect(holdsDefaults(reset, DEFAULTS)).toBe(true);
    // An emptied input means the default; an unreadable one is a change to point at.
    form.clarifying_questions_below = '';
    form.rework_days_max = 'soon';
    expect(unsavedThresholds(form, saved, DEFAULTS)).toEqual(['clarifying_questions_below', 'rework_days_max']);
    expect(unsavedThresholds(thresholdForm(DEFAULTS), DEFAULTS, DEFAULTS)).toEqual([]);
  });

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
  it('show the team’s thresholds where a prompt quotes one', () => {
    const values = { clarifying_questions_below: '7' };
    expect(fillPrompt('Fewer than {clarifying_questions_below} is healthy.', values)).toBe('Fewer than 7 is healthy.');
    expect(fillPrompt('Ask {the PM} about {unknown_name}.', values)).toBe('Ask {the PM} about {unknown_name}.');
  });

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
