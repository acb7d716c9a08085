import { describe, expect, it } from 'vitest';
import type { RetroPrompts, RetroSignals, SignalValues } from '../api/types';
import {
  bodyFromForm,
  dominantFriction,
  emptyEstimate,
  errorsForRows,
  flagValue,
  FORM_NUMBERS,
  formFromValues,
  nothingRecorded,
  promptsForTopic,
  pulseText,
} from './signals';

const VALUES: SignalValues = {
  stories_committed: 10,
  stories_completed: 8,
  points_committed: null,
  points_completed: null,
  stories_rejected_in_qa: 1,
  rework_days: 1.5,
  stories_added_after_start: 2,
  stories_removed_after_start: null,
  clarifying_questions: 7,
  estimates: [{ story: 'Search', estimate: 2, actual: 5 }],
  tech_debt_share: 12.5,
  shipped_on_time: false,
  nps_change: -4,
};

describe('the signals form', () => {
  it('round-trips every recorded figure, commitment and QA rejections included', () => {
    const form = formFromValues(VALUES);
    expect(form.numbers.clarifying_questions).toBe('7');
    expect(form.numbers.stories_committed).toBe('10');
    expect(form.numbers.stories_rejected_in_qa).toBe('1');
    expect(form.numbers.stories_removed_after_start).toBe('');
    expect(form.shipped_on_time).toBe('no');
    const { body, errors } = bodyFromForm(form);
    expect(errors).toEqual({});
    expect(body).toEqual(VALUES);
  });

  it('shows every figure the guide asks for, each once', () => {
    expect(FORM_NUMBERS).toEqual(
      expect.arrayContaining([
        'stories_committed',
        'stories_completed',
        'points_committed',
        'points_completed',
        'stories_rejected_in_qa',
      ]),
    );
    expect(new Set(FORM_NUMBERS).size).toBe(FORM_NUMBERS.length);
  });

  it('refuses more completed than committed, under the completed figure', () => {
    const form = formFromValues(null);
    form.numbers.stories_committed = '5';
    form.numbers.stories_completed = '7';
    form.numbers.points_committed = '20';
    form.numbers.points_completed = '20';
    const { errors } = bodyFromForm(form);
    expect(errors).toEqual({
      stories_completed: 'More than the 5 committed; work added mid-sprint goes under “Stories added after start”.',
    });
  });

  it('starts empty, and empty inputs are sent as unknown', () => {
    const form = formFromValues(null);
    expect(form.shipped_on_time).toBe('');
    const { body } = bodyFromForm(form);
    expect(body.clarifying_questions).toBeNull();
    expect(body.shipped_on_time).toBeNull();
    expect(body.estimates).toEqual([]);
  });

  it('reads numbers people type, and says which ones it cannot', () => {
    const form = formFromValues(null);
    form.numbers.rework_days = ' 2,5 ';
    form.numbers.clarifying_questions = '3.5';
    form.numbers.nps_change = 'lots';
    form.shipped_on_time = 'yes';
    const { body, errors } = bodyFromForm(form);
    expect(body.rework_days).toBe(2.5);
    expect(body.shipped_on_time).toBe(true);
    expect(errors).toEqual({ clarifying_questions: 'Enter a whole number.', nps_change: 'Enter a number.' });
  });

  it('skips blank estimate rows and points at half-filled ones, numbered as sent', () => {
    const form = formFromValues(null);
    form.estimates = [
      emptyEstimate(),
      { story: 'Login', estimate: '3', actual: '4' },
      { story: '', estimate: '2', actual: '' },
    ];
    const { body, errors } = bodyFromForm(form);
    expect(body.estimates).toEqual([{ story: 'Login', estimate: 3, actual: 4 }]);
    expect(errors).toEqual({ 'estimates.1.story': 'Name the story.', 'estimates.1.actual': 'Enter what it took.' });
  });

  it('moves server errors on sent rows onto the rows of the form', () => {
    const rows = [emptyEstimate(), { story: 'A', estimate: '1', actual: '1' }, { story: 'B', estimate: '0', actual: '1' }];
    expect(errorsForRows({ 'estimates.1.estimate': 'Too small', rework_days: 'No' }, rows)).toEqual({
      'estimates.2.estimate': 'Too small',
      rework_days: 'No',
    });
  });
});

describe('what the board shows', () => {
  it('words each flag value with its unit', () => {
    expect(flagValue({ signal: 'clarifying_questions', value: 7 })).toBe('7 questions');
    expect(flagValue({ signal: 'clarifying_questions', value: 1 })).toBe('1 question');
    expect(flagValue({ signal: 'tech_debt_share', value: 10 })).toBe('10%');
    expect(flagValue({ signal: 'rework_days', value: 3 })).toBe('3 days');
    expect(flagValue({ signal: 'estimate_ratio', value: 2.5 })).toBe('2.5× the estimate');
    expect(flagValue({ signal: 'stories_added_after_start', value: 3 })).toBe('3 stories');
    expect(flagValue({ signal: 'shipped_on_time', value: false })).toBe('no');
    expect(flagValue({ signal: 'satisfaction', value: 2.3 })).toBe('2.3 of 5');
    expect(flagValue({ signal: 'nps_change', value: -6 })).toBe('−6');
    expect(flagValue({ signal: 'stories_rejected_in_qa', value: 3 })).toBe('3 stories');
    expect(flagValue({ signal: 'completion', value: 65 })).toBe('65% of the commitment');
  });

  it('knows when nothing was recorded', () => {
    const base: RetroSignals = {
      retro_id: 'r1',
      signals: null,
      estimate_ratio: null,
      completion: null,
      pulses: { count: 2, average: null, given_by_me: false },
      flags: [],
      updated_at: null,
      updated_by: null,
    };
    expect(nothingRecorded(null)).toBe(true);
    expect(nothingRecorded(base)).toBe(true);
    expect(nothingRecorded({ ...base, updated_at: '2026-01-01T00:00:00Z' })).toBe(false);
  });

  it('thanks for a pulse with the count so far', () => {
    expect(pulseText(3, true)).toBe('Thanks — 3 pulses so far');
    expect(pulseText(1, true)).toBe('Thanks — 1 pulse so far');
    expect(pulseText(2, false)).toBe('2 pulses so far');
    expect(pulseText(0, false)).toBe('No pulses yet');
  });

  it("finds a topic's dominant friction point, the earliest card breaking ties", () => {
    expect(dominantFriction([{ friction: null }, {}])).toBeNull();
    expect(
      dominantFriction([{ friction: 'estimation' }, { friction: 'tech_debt' }, { friction: 'tech_debt' }]),
    ).toBe('tech_debt');
    expect(dominantFriction([{ friction: 'communication' }, { friction: 'estimation' }])).toBe('communication');
  });

  it('picks the prompts for a friction point, or the opening ones', () => {
    const p = (id: string) => ({
      id,
      group: 'execution' as const,
      text: id,
      friction: 'estimation' as const,
      builtin: false,
    });
    const prompts: RetroPrompts = {
      retro_id: 'r1',
      template: 'pm_engineering',
      groups: [],
      topics: [
        { friction: 'estimation', prompts: [p('a')] },
        { friction: null, prompts: [p('b')] },
      ],
      placeholders: {},
    };
    expect(promptsForTopic(prompts, 'estimation').map((x) => x.id)).toEqual(['a']);
    expect(promptsForTopic(prompts, null).map((x) => x.id)).toEqual(['b']);
    expect(promptsForTopic(prompts, 'tech_debt')).toEqual([]);
    expect(promptsForTopic(null, null)).toEqual([]);
  });
});
