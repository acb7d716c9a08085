/**
 * What the page that sets teams side by side draws. Teams close their sprints on different
 * days, so sprints are lined up by how far back they are from each team's latest ("3 back",
 * …, "Latest"): the latest sprints of every team share a column, and a team with fewer
 * sprints simply starts later. Kept apart from the components so each rule is tested alone.
 */
import type { CompanyTeam, ComparedTeam } from '../api/types';
import { CHART } from '../theme/colors';
import { compareWords } from './compare.messages';
import { marksOf, metricName, metricUnit, startedMark } from './trends';

export const TEAM_COLORS = [CHART.blue, CHART.orange, CHART.green, CHART.red, CHART.purple, CHART.teal];
export const teamColor = (i: number) => TEAM_COLORS[i % TEAM_COLORS.length]!;

/** Column labels, oldest first, for the longest team's run of sprints. */
export function alignedLabels(width: number): string[] {
  return Array.from({ length: width }, (_, i) => {
    const back = width - 1 - i;
    return back === 0 ? compareWords.get().latest : compareWords.get().back(back);
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
  const words = compareWords.get();
  const marks = teams.flatMap((t) => {
    const offset = width - t.sprints.length;
    return marksOf(t.sprints, t.started).map((m) => ({ at: m.at + offset, label: words.teamMark({ team: t.name, what: m.label }) }));
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
    ...metrics.map((m) => chart(m, metricName(m), metricUnit(m), (s) => s.values[m] ?? null)),
    chart('follow_through', words.actionsDone, '%', (s) => rate(s.actions_done, s.actions_agreed)),
    ...dimensions.map((d) =>
      chart(`gap-${d.dimension}`, words.radarGap({ dimension: d.label }), 'points', (s) =>
        s.radar.find((r) => r.dimension === d.dimension)?.gap ?? null,
      ),
    ),
    chart('voice-cards', words.productCards, '%', (s) =>
      s.equal_voice.shown ? percent(s.equal_voice.cards?.product_share) : null,
    ),
    chart('voice-actions', words.productActions, '%', (s) =>
      s.equal_voice.shown ? percent(s.equal_voice.actions?.product_share) : null,
    ),
  ];
  return { labels, charts: charts.filter((c) => c.series.some((s) => s.values.some((v) => v !== null))) };
}

/** What a team started, in words; a team one is not in gives kinds and days only. */
export const startedWords = (team: ComparedTeam) => team.started.map(startedMark);

/** The company view's widest radar gap, signed and worded: "+1.5 (product higher)". */
export function gapWords(gap: number | null): string {
  if (gap === null) return '—';
  const words = compareWords.get();
  if (gap === 0) return words.same;
  const size = String(Math.round(Math.abs(gap) * 10) / 10);
  return gap > 0 ? words.productHigher({ size }) : words.engineeringHigher({ size });
}

/** A team's time on tech debt against the target, in words. */
export function debtWords(team: CompanyTeam, target: number): string {
  const words = compareWords.get();
  if (team.debt_share === null) return words.notRecorded;
  const figures = { share: String(Math.round(team.debt_share * 10) / 10), target: String(target) };
  return team.debt_below_target ? words.under(figures) : words.meets(figures);
}
