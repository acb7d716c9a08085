/**
 * What the page that sets teams side by side draws. Teams close their sprints on different
 * days, so sprints are lined up by how far back they are from each team's latest ("3 back",
 * …, "Latest"): the latest sprints of every team share a column, and a team with fewer
 * sprints simply starts later. Kept apart from the components so each rule is tested alone.
 */
import type { CompanyTeam, ComparedTeam } from '../api/types';
import { CHART } from '../theme/colors';
import { marksOf, metricName, METRIC_LABELS, startedLabel } from './trends';

export const TEAM_COLORS = [CHART.blue, CHART.orange, CHART.green, CHART.red, CHART.purple, CHART.teal];
export const teamColor = (i: number) => TEAM_COLORS[i % TEAM_COLORS.length]!;

/** Column labels, oldest first, for the longest team's run of sprints. */
export function alignedLabels(width: number): string[] {
  return Array.from({ length: width }, (_, i) => {
    const back = width - 1 - i;
    return back === 0 ? 'Latest' : `${back} back`;
  });
}

/** A team's figures placed in the shared columns: right-aligned, gaps before its first sprint. */
export function aligned<T>(values: (T | null)[], width: number): (T | null)[] {
  return [...Array<T | null>(Math.max(0, width - values.length)).fill(null), ...values.slice(-width)];
}

export interface CompareChart {
  key: string;
  title: string;
  unit: string;
  series: { name: string; values: (number | null)[]; color: string }[];
  marks: { at: number; label: string }[];
}

const rate = (done: number, agreed: number) => (agreed ? Math.round((1000 * done) / agreed) / 10 : null);
const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? null : Math.round(share * 1000) / 10;

/**
 * One chart per figure, one line per team: each metric recorded by any team, the share of
 * action items done, each radar dimension's gap (product minus engineering) and the product
 * side's share of cards and of action items. A figure no team has is left out.
 */
export function compareCharts(metrics: string[], teams: ComparedTeam[]): { labels: string[]; charts: CompareChart[] } {
  const width = Math.max(0, ...teams.map((t) => t.sprints.length));
  const labels = alignedLabels(width);
  const marks = teams.flatMap((t) => {
    const offset = width - t.sprints.length;
    return marksOf(t.sprints, t.started).map((m) => ({ at: m.at + offset, label: `${t.name}: ${m.label}` }));
  });
  const chart = (
    key: string,
    title: string,
    unit: string,
    pick: (s: ComparedTeam['sprints'][number]) => number | null,
  ): CompareChart => ({
    key,
    title,
    unit,
    marks,
    series: teams.map((t, i) => ({ name: t.name, color: teamColor(i), values: aligned(t.sprints.map(pick), width) })),
  });
  const dimensions = teams.flatMap((t) => t.sprints[0]?.radar ?? []).filter(
    (d, i, all) => all.findIndex((e) => e.dimension === d.dimension) === i,
  );
  const charts = [
    ...metrics.map((m) => chart(m, metricName(m), METRIC_LABELS[m]?.unit ?? '', (s) => s.values[m] ?? null)),
    chart('follow_through', 'Action items done', '%', (s) => rate(s.actions_done, s.actions_agreed)),
    ...dimensions.map((d) =>
      chart(`gap-${d.dimension}`, `Radar gap: ${d.label} (product − engineering)`, 'points', (s) =>
        s.radar.find((r) => r.dimension === d.dimension)?.gap ?? null,
      ),
    ),
    chart('voice-cards', 'Product side’s share of cards', '%', (s) =>
      s.equal_voice.shown ? percent(s.equal_voice.cards?.product_share) : null,
    ),
    chart('voice-actions', 'Product side’s share of action items', '%', (s) =>
      s.equal_voice.shown ? percent(s.equal_voice.actions?.product_share) : null,
    ),
  ];
  return { labels, charts: charts.filter((c) => c.series.some((s) => s.values.some((v) => v !== null))) };
}

/** What a team started, in words; a team one is not in gives kinds and days only. */
export const startedWords = (team: ComparedTeam) => team.started.map((s) => `${startedLabel(s)} (${s.on})`);

/** The company view's widest radar gap, signed and worded: "+1.5 (product higher)". */
export function gapWords(gap: number | null): string {
  if (gap === null) return '—';
  if (gap === 0) return '0 (the same)';
  const size = Math.round(Math.abs(gap) * 10) / 10;
  return gap > 0 ? `+${size} (product higher)` : `−${size} (engineering higher)`;
}

/** A team's time on tech debt against the target, in words. */
export function debtWords(team: CompanyTeam, target: number): string {
  if (team.debt_share === null) return 'Not recorded';
  const share = Math.round(team.debt_share * 10) / 10;
  return team.debt_below_target ? `${share}% (under ${target}%)` : `${share}% (meets ${target}%)`;
}
