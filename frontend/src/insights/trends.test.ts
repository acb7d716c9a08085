import { describe, expect, it } from 'vitest';
import type { TeamTrends } from '../api/types';
import { bandOf, heatmap, outside, seriesOf, shown, sideOf, sprintLabel } from './trends';

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
});
