import { describe, expect, it } from 'vitest';
import type { CompanyTeam, ComparedTeam } from '../api/types';
import { aligned, alignedLabels, compareCharts, debtWords, gapWords, startedWords } from './compare';

const hidden = { shown: false, average: null, count: null };
const voice = (productShare: number | null) => ({
  shown: productShare !== null,
  people: null,
  cards:
    productShare === null
      ? null
      : { product: 1, engineering: 1, apart: 0, joint: 0, product_share: productShare, engineering_share: 1 - productShare },
  votes: null,
  notes: null,
  actions: null,
  flags: [],
});

function sprint(ends: string, rework: number | null, gap: number | null, share: number | null, agreed = 0, done = 0) {
  return {
    ends,
    sprint_name: null,
    values: { rework_days: rework, tech_debt_share: null },
    actions_agreed: agreed,
    actions_done: done,
    actions_dropped: 0,
    actions_open: agreed - done,
    actions_carried: 0,
    radar: [{ dimension: 'tech_debt' as const, label: 'Tech debt', product: hidden, engineering: hidden, gap, team_defined: false }],
    equal_voice: voice(share),
  };
}

function team(name: string, sprints: ReturnType<typeof sprint>[], member = true): ComparedTeam {
  return {
    team_id: name.toLowerCase(),
    name,
    member,
    sprints,
    follow_through: { agreed: 0, done: 0, dropped: 0, still_open: 0, rate: null },
    started: [],
  } as ComparedTeam;
}

describe('comparing teams', () => {
  it('lines sprints up from each team’s latest', () => {
    expect(alignedLabels(3)).toEqual(['2 back', '1 back', 'Latest']);
    expect(aligned([1, 2], 4)).toEqual([null, null, 1, 2]);
    expect(aligned([1, 2, 3], 2)).toEqual([2, 3]);
    expect(alignedLabels(0)).toEqual([]);
  });

  it('draws one line per team and leaves out figures no team has', () => {
    const teams = [
      team('Alpha', [sprint('2026-01-01', 3, null, 0.5, 4, 2), sprint('2026-01-15', 1, -1.5, null, 2, 2)]),
      team('Beta', [sprint('2026-01-20', null, 2, 0.25)]),
    ];
    const { labels, charts } = compareCharts(['rework_days', 'tech_debt_share'], teams);
    expect(labels).toEqual(['1 back', 'Latest']);
    const byKey = Object.fromEntries(charts.map((c) => [c.key, c]));
    expect(Object.keys(byKey)).toEqual(['rework_days', 'follow_through', 'gap-tech_debt', 'voice-cards']);
    expect(byKey.rework_days!.series.map((s) => s.values)).toEqual([[3, 1], [null, null]]);
    expect(byKey.follow_through!.series[0]!.values).toEqual([50, 100]);
    // A sprint with nothing agreed has no rate, not a zero.
    expect(byKey.follow_through!.series[1]!.values).toEqual([null, null]);
    expect(byKey['gap-tech_debt']!.series.map((s) => s.values)).toEqual([[null, -1.5], [null, 2]]);
    expect(byKey['voice-cards']!.series.map((s) => s.values)).toEqual([[50, null], [null, 25]]);
    expect(byKey.rework_days!.series[0]!.color).not.toBe(byKey.rework_days!.series[1]!.color);
  });

  it('marks starts in the shared columns, named by team', () => {
    const alpha = team('Alpha', [sprint('2026-01-01', 1, null, null), sprint('2026-01-15', 1, null, null)]);
    const beta = { ...team('Beta', [sprint('2026-01-20', 1, null, null)], false), started: [{ on: '2026-01-10', kind: 'ritual', title: '' }] };
    const { charts } = compareCharts(['rework_days'], [alpha, beta]);
    expect(charts[0]!.marks).toEqual([{ at: 1, label: 'Beta: A ritual started (2026-01-10)' }]);
    expect(startedWords(beta)).toEqual(['A ritual started (2026-01-10)']);
  });

  it('words radar gaps and the debt share against the target', () => {
    expect(gapWords(null)).toBe('—');
    expect(gapWords(1.25)).toBe('+1.3 (product higher)');
    expect(gapWords(-2)).toBe('−2 (engineering higher)');
    expect(gapWords(0)).toBe('0 (the same)');
    const row = (share: number | null, below: boolean | null) => ({ debt_share: share, debt_below_target: below }) as CompanyTeam;
    expect(debtWords(row(12.34, true), 20)).toBe('12.3% (under 20%)');
    expect(debtWords(row(25, false), 20)).toBe('25% (meets 20%)');
    expect(debtWords(row(null, null), 20)).toBe('Not recorded');
  });
});
