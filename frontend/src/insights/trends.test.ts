import { describe, expect, it } from 'vitest';
import type { TeamTrends } from '../api/types';
import {
  bandOf,
  heatmap,
  marksOf,
  outside,
  radarSeries,
  seriesOf,
  shown,
  sideOf,
  sprintLabel,
  startedLabel,
  voiceNote,
  voiceSeries,
  type SideSprint,
} from './trends';

const thresholds: TeamTrends['thresholds'] = {
  clarifying_questions_below: 5,
  tech_debt_share_min: 20,
  rework_days_max: 1,
  estimate_ratio_min: 0.8,
  estimate_ratio_max: 1.25,
  stories_added_max: 1,
  satisfaction_min: 3,
  nps_change_min: 0,
  completion_min: 80,
  qa_rejections_max: 1,
};

function sprint(id: string, values: Record<string, number | null>, name: string | null = null) {
  return {
    retro_id: id,
    title: id,
    sprint_name: name,
    ends: `2026-0${id.slice(1)}-01`,
    values,
    actions_agreed: 0,
    actions_done: 0,
    actions_dropped: 0,
    actions_open: 0,
    actions_carried: 0,
    debt_opened: 0,
    debt_closed: 0,
  };
}

const trends = {
  team_id: 't',
  metrics: ['rework_days', 'tech_debt_share'],
  sprints: [sprint('r1', { rework_days: 3, tech_debt_share: null }, 'Sprint 1'), sprint('r2', { rework_days: 1 })],
  thresholds,
  friction: [
    { retro_id: 'r1', friction: 'tech_debt', role: 'eng', cards: 2 },
    { retro_id: 'r1', friction: 'tech_debt', role: 'tech_lead', cards: 1 },
    { retro_id: 'r2', friction: 'tech_debt', role: 'pm', cards: 4 },
    { retro_id: 'r2', friction: 'requirements_clarity', role: 'pm', cards: 1 },
    { retro_id: 'r2', friction: 'requirements_clarity', role: 'em', cards: 9 },
    { retro_id: 'gone', friction: 'communication', role: 'pm', cards: 1 },
  ],
  follow_through: { agreed: 0, done: 0, dropped: 0, still_open: 0, rate: null },
  follow_through_by_category: {},
  median_days_to_done: null,
  oldest_open: [],
  top_debt: [],
  started: [],
  changes: [],
} as unknown as TeamTrends;

describe('trends', () => {
  it('groups roles into the two sides and leaves engineering managers out', () => {
    expect(sideOf('design')).toBe('product');
    expect(sideOf('qa')).toBe('engineering');
    expect(sideOf('em')).toBeNull();
  });

  it('keeps unknown figures as gaps and counts what is known', () => {
    const [rework, debt] = seriesOf(trends);
    expect(rework!.values).toEqual([3, 1]);
    expect(rework!.band).toEqual({ low: null, high: 1 });
    expect(debt!.values).toEqual([null, null]);
    expect(debt!.known).toBe(0);
  });

  it('knows which side of a healthy range a figure is on', () => {
    expect(outside(3, bandOf('rework_days', thresholds))).toBe(true);
    expect(outside(1, bandOf('rework_days', thresholds))).toBe(false);
    expect(outside(1.4, bandOf('estimate_ratio', thresholds))).toBe(true);
    expect(outside(0.7, bandOf('estimate_ratio', thresholds))).toBe(true);
    expect(outside(null, bandOf('rework_days', thresholds))).toBe(false);
    expect(bandOf('stories_removed_after_start', thresholds)).toBeNull();
  });

  it('splits friction points by side per sprint, most named first, ignoring other retros', () => {
    const { rows, most } = heatmap(trends);
    expect(rows.map((r) => r.friction)).toEqual(['tech_debt', 'requirements_clarity']);
    expect(rows[0]!.cells).toEqual([
      { product: 0, engineering: 3 },
      { product: 4, engineering: 0 },
    ]);
    // The EM's nine cards count for neither side.
    expect(rows[1]!.cells[1]).toEqual({ product: 1, engineering: 0 });
    expect(most).toBe(4);
  });

  it('labels sprints and figures', () => {
    expect(sprintLabel(trends.sprints[0]!)).toBe('Sprint 1');
    expect(sprintLabel(trends.sprints[1]!)).toBe('2026-02-01');
    expect(shown(null)).toBe('—');
    expect(shown(20.04, '%')).toBe('20%');
    expect(shown(1.25)).toBe('1.3');
  });

  const radarSide = (average: number | null) => ({ shown: average !== null, average, count: average === null ? null : 3 });
  const radarRow = (dimension: string, label: string, p: number | null, e: number | null, teamDefined = false) => ({
    dimension,
    label,
    product: radarSide(p),
    engineering: radarSide(e),
    gap: null,
    team_defined: teamDefined,
  });
  const noVoice = { shown: false, people: null, cards: null, votes: null, notes: null, actions: null, flags: [] };

  it('draws each radar dimension per side, with a gap where a side had too few answers', () => {
    const dim = (p: number | null, e: number | null) => radarRow('tech_debt', 'Tech debt', p, e);
    const voice = noVoice;
    const sprints: SideSprint[] = [
      { ends: '2026-01-01', radar: [dim(4, null)], equal_voice: voice },
      { ends: '2026-01-15', radar: [dim(null, null)], equal_voice: voice },
    ];
    const [debt] = radarSeries(sprints);
    expect(debt).toMatchObject({ key: 'tech_debt', product: [4, null], engineering: [null, null], known: 1 });
    expect(voiceSeries(sprints).every((v) => v.known === 0)).toBe(true);
    expect(voiceNote(voice)).toMatch(/too few people/i);
  });

  it('draws a team dimension from the sprint that first asked it, after the five', () => {
    const row = (dimension: string, label: string, p: number | null, teamDefined = false) =>
      radarRow(dimension, label, p, null, teamDefined);
    const voice = noVoice;
    const sprints: SideSprint[] = [
      { ends: '2026-01-01', radar: [row('tech_debt', 'Tech debt', 3)], equal_voice: voice },
      { ends: '2026-01-15', radar: [row('tech_debt', 'Tech debt', 2), row('d1', 'On-call load', 4, true)], equal_voice: voice },
    ];
    const series = radarSeries(sprints);
    expect(series.map((s) => s.label)).toEqual(['Tech debt', 'On-call load']);
    expect(series[1]).toMatchObject({ key: 'd1', product: [null, 4], known: 1 });
  });

  it('turns equal-voice shares into percentages and words its flags', () => {
    const tally = (p: number, e: number) => ({
      product: 0,
      engineering: 0,
      apart: 0,
      joint: 0,
      product_share: p,
      engineering_share: e,
    });
    const voice = {
      shown: true,
      people: tally(0.5, 0.5),
      cards: tally(0.25, 0.75),
      votes: tally(0.5, 0.5),
      notes: tally(0.5, 0.5),
      actions: { ...tally(0, 0), product_share: null, engineering_share: null },
      flags: ['product_few_cards' as const],
    };
    const [cards, , , actions] = voiceSeries([{ ends: '2026-01-01', radar: [], equal_voice: voice }]);
    expect(cards).toMatchObject({ product: [25], engineering: [75], known: 1 });
    expect(actions).toMatchObject({ product: [null], known: 0 });
    expect(voiceNote(voice)).toContain('under 30%');
  });

  it('marks each start at the first sprint ending on or after it', () => {
    const sprints = [{ ends: '2026-01-14' }, { ends: '2026-01-28' }];
    const started = [
      { on: '2026-01-20', kind: 'ritual', title: 'PM/TL sync' },
      { on: '2026-01-28', kind: 'agreement', title: "team's working agreements" },
      { on: '2026-02-10', kind: 'ritual', title: 'Too late' },
    ];
    expect(marksOf(sprints, started)).toEqual([
      { at: 1, label: 'PM/TL sync (2026-01-20)' },
      { at: 1, label: 'Working agreements changed (2026-01-28)' },
    ]);
    expect(startedLabel({ on: '2026-01-01', kind: 'ritual', title: '' })).toBe('A ritual started');
  });
});
