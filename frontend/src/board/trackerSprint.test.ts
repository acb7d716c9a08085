import { describe, expect, it } from 'vitest';
import type { SignalValues, TrackerSprintFetch } from '../api/types';
import {
  extraLines,
  figureLabel,
  figureValue,
  provenance,
  questionsRule,
  sprintOption,
  trackerWords,
  withTrackerValue,
} from './trackerSprint';

const page = (over: Partial<TrackerSprintFetch> = {}): TrackerSprintFetch => ({
  retro_id: 'r1',
  connected: true,
  vendor: 'jira',
  unit: 'sprint',
  may_ask: true,
  stage: 'signals',
  state: 'done',
  error: null,
  attempts: 0,
  sprints: [],
  sprint_id: '42',
  sprint_name: 'OPS Sprint 42',
  fetched_at: '2026-11-28T18:04:00Z',
  figures: [],
  extras: {},
  questions: 'question_mark',
  ...over,
});

describe('a sprint read from Jira', () => {
  it('names each figure as the signals form does', () => {
    expect(figureLabel('stories_committed')).toBe('Stories committed');
    expect(figureLabel('estimates')).toBe('Estimates vs actuals (hours)');
  });

  it('words values, estimates summed', () => {
    expect(figureValue(24)).toBe('24');
    expect(figureValue(6.5)).toBe('6.5');
    expect(figureValue(null)).toBe('—');
    const estimates = [
      { story: 'OPS-1', estimate: 8, actual: 10 },
      { story: 'OPS-2', estimate: 16, actual: 12 },
    ];
    expect(figureValue(estimates)).toBe('22 h spent of 24 h estimated (2 stories)');
  });

  it('says which sprint and when', () => {
    expect(provenance(page(), 'en-GB')).toMatch(/^from Jira sprint OPS Sprint 42, \d\d:04$/);
    expect(provenance(page({ fetched_at: null }))).toBe('from Jira sprint OPS Sprint 42');
  });

  it('shows the figures without a signal, and only known ones', () => {
    const lines = extraLines({ points_added_after_start: 18, stories_reopened: 2, tech_debt_share_counted_in: 'points' });
    expect(lines.map((l) => [l.label, l.value])).toEqual([
      ['Points added after start', '18'],
      ['Stories reopened after done', '2'],
    ]);
  });

  it('says how questions were counted', () => {
    expect(questionsRule(page())).toContain('“?”');
    expect(questionsRule(page({ questions: 'label' }))).toContain('label');
    expect(questionsRule(page({ questions: 'off' }))).toContain('not counted');
  });

  it('puts one field back to Jira’s value, the rest as they are', () => {
    const current = { stories_committed: 25, stories_completed: 18 } as SignalValues;
    const back = withTrackerValue(current, { field: 'stories_committed', from_tracker: 24, current: 25, overridden: true });
    expect(back).toEqual({ stories_committed: 24, stories_completed: 18 });
  });
});

describe('a cycle read from Linear, a milestone from GitHub', () => {
  it('says which cycle or milestone and when', () => {
    const linear = page({ vendor: 'linear', unit: 'cycle', sprint_id: 'c12', sprint_name: '12' });
    expect(provenance(linear, 'en-GB')).toMatch(/^from Linear cycle 12, \d\d:04$/);
    const github = page({ vendor: 'github', unit: 'milestone', sprint_id: '3', sprint_name: 'Sprint 7', fetched_at: null });
    expect(provenance(github)).toBe('from GitHub milestone Sprint 7');
    expect(provenance(page({ vendor: null, fetched_at: null }))).toBe('from the tracker sprint OPS Sprint 42');
  });

  it('names the tracker and its word for a sprint', () => {
    expect(trackerWords('linear')).toEqual({ tracker: 'Linear', noun: 'cycle', nouns: 'cycles' });
    expect(trackerWords('github').nouns).toBe('milestones');
    // A GitHub team that plans in a project's iterations.
    expect(trackerWords('github', 'iteration')).toEqual({ tracker: 'GitHub', noun: 'iteration', nouns: 'iterations' });
    const iteration = page({ vendor: 'github', unit: 'iteration', sprint_id: 'it7', sprint_name: 'Sprint 7', fetched_at: null });
    expect(provenance(iteration)).toBe('from GitHub iteration Sprint 7');
    expect(extraLines({ removed_after_start: 'not tracked', stories_reopened: 1 })).toEqual([
      { key: 'removed_after_start', label: 'Stories removed after start', value: 'not tracked' },
      { key: 'stories_reopened', label: 'Stories reopened after done', value: '1' },
    ]);
    expect(questionsRule(page({ vendor: 'github', questions: 'off' }))).toContain('not counted from GitHub');
  });

  it('offers Linear cycles by number and others by name', () => {
    const sprint = { id: 'c12', name: '12', state: 'closed', board: 'Engineering', start: null, end: null };
    expect(sprintOption('linear', sprint)).toBe('Cycle 12 (closed, Engineering)');
    expect(sprintOption('github', { ...sprint, name: 'Sprint 7', board: 'octo-org/web' })).toBe('Sprint 7 (closed, octo-org/web)');
  });

  it('says points are not tracked where they are not', () => {
    expect(extraLines({ points: 'not tracked' })).toEqual([{ key: 'points', label: 'Points', value: 'not tracked' }]);
  });
});
