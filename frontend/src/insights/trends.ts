/**
 * What the trends page draws, worked out from the one JSON the server sends: each metric as a
 * series with its healthy range, friction points per sprint split by side, and the labels a
 * chart and its table share. Kept apart from the components so each rule is tested alone.
 */
import type { EqualVoice, RadarDimension, TeamTrends, TrendSprint } from '../api/types';
import { VOICE_FLAG_WORDS } from '../vocab/flags';
import { frictionLabel } from '../vocab/labels';
import { metricWords, trendWords } from './trends.messages';

/** The two sides a partnership has; engineering managers sit apart from both. */
export type Side = 'product' | 'engineering';
const SIDE_OF: Readonly<Record<string, Side>> = {
  pm: 'product',
  design: 'product',
  eng: 'engineering',
  tech_lead: 'engineering',
  qa: 'engineering',
};
export const sideOf = (role: string): Side | null => SIDE_OF[role] ?? null;

type MetricKey = keyof ReturnType<typeof metricWords.get>;

/** Each metric's words and the unit its figures are in (only `%` changes how they are written). */
const METRICS: Readonly<Record<string, { key: MetricKey; unit: string }>> = {
  clarifying_questions: { key: 'clarifyingQuestions', unit: 'questions' },
  rework_days: { key: 'reworkDays', unit: 'days' },
  stories_rejected_in_qa: { key: 'rejectedInQa', unit: 'stories' },
  stories_added_after_start: { key: 'addedAfterStart', unit: 'stories' },
  stories_removed_after_start: { key: 'removedAfterStart', unit: 'stories' },
  estimate_ratio: { key: 'estimateRatio', unit: '×' },
  tech_debt_share: { key: 'techDebtShare', unit: '%' },
  completion: { key: 'completion', unit: '%' },
  shipped_on_time: { key: 'shippedOnTime', unit: '%' },
  nps_change: { key: 'npsChange', unit: 'points' },
  satisfaction: { key: 'satisfaction', unit: 'of 5' },
};

export const metricName = (metric: string): string => {
  const known = METRICS[metric];
  return known ? metricWords.get()[known.key] : metric;
};

export const metricUnit = (metric: string): string => METRICS[metric]?.unit ?? '';

/** A short label for a sprint on an axis: its name, else the day it ended. */
export function sprintLabel(sprint: TrendSprint): string {
  return sprint.sprint_name?.trim() || sprint.ends;
}

export interface Band {
  /** The healthy range's low end, or null when it has none. */
  low: number | null;
  high: number | null;
}

/** Each metric's healthy range under the team's thresholds (null where it has none). */
export function bandOf(metric: string, t: TeamTrends['thresholds']): Band | null {
  switch (metric) {
    case 'clarifying_questions':
      return { low: null, high: t.clarifying_questions_below };
    case 'rework_days':
      return { low: null, high: t.rework_days_max };
    case 'stories_rejected_in_qa':
      return { low: null, high: t.qa_rejections_max };
    case 'stories_added_after_start':
      return { low: null, high: t.stories_added_max };
    case 'estimate_ratio':
      return { low: t.estimate_ratio_min, high: t.estimate_ratio_max };
    case 'tech_debt_share':
      return { low: t.tech_debt_share_min, high: null };
    case 'completion':
      return { low: t.completion_min, high: null };
    case 'nps_change':
      return { low: t.nps_change_min, high: null };
    case 'satisfaction':
      return { low: t.satisfaction_min, high: null };
    default:
      return null;
  }
}

export interface Series {
  metric: string;
  values: (number | null)[];
  band: Band | null;
  /** Whether anything was recorded in the period: a metric with nothing is listed, not drawn. */
  known: number;
}

export function seriesOf(trends: TeamTrends): Series[] {
  return trends.metrics.map((metric) => {
    const values = trends.sprints.map((s) => s.values[metric] ?? null);
    return {
      metric,
      values,
      band: bandOf(metric, trends.thresholds),
      known: values.filter((v) => v !== null).length,
    };
  });
}

/** Whether a figure lies outside its healthy range. */
export function outside(value: number | null, band: Band | null): boolean {
  if (value === null || band === null) return false;
  return (band.low !== null && value < band.low) || (band.high !== null && value > band.high);
}

export interface HeatRow {
  friction: string;
  label: string;
  /** Per sprint (in the page's order): cards by the product side, then by engineering. */
  cells: { product: number; engineering: number }[];
}

/** Friction points per sprint, split by side, most-named first; EMs' cards count in neither. */
export function heatmap(trends: TeamTrends): { rows: HeatRow[]; most: number } {
  const index = new Map(trends.sprints.map((s, i) => [s.retro_id, i]));
  const rows = new Map<string, HeatRow>();
  let most = 0;
  for (const count of trends.friction) {
    const side = sideOf(count.role);
    const at = index.get(count.retro_id);
    if (side === null || at === undefined) continue;
    let row = rows.get(count.friction);
    if (!row) {
      row = {
        friction: count.friction,
        label: frictionLabel(count.friction),
        cells: trends.sprints.map(() => ({ product: 0, engineering: 0 })),
      };
      rows.set(count.friction, row);
    }
    row.cells[at]![side] += count.cards;
    most = Math.max(most, row.cells[at]![side]);
  }
  const total = (r: HeatRow) => r.cells.reduce((n, c) => n + c.product + c.engineering, 0);
  return { rows: [...rows.values()].sort((a, b) => total(b) - total(a)), most };
}

/** A figure as the page shows it: one decimal at most, a dash for nothing known. */
export function shown(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined) return '—';
  const rounded = Math.round(value * 10) / 10;
  return unit === '%' ? `${rounded}%` : `${rounded}`;
}

export const percent = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}%`;

/** What the side-by-side charts need of a sprint: its end, its radar and its equal voice. */
export interface SideSprint {
  ends: string;
  radar: RadarDimension[];
  equal_voice: EqualVoice;
}

export interface SidesSeries {
  key: string;
  label: string;
  product: (number | null)[];
  engineering: (number | null)[];
  /** Sprints where at least one side is shown: a dimension nobody could be shown on is listed, not drawn. */
  known: number;
}

function sidesSeries(key: string, label: string, product: (number | null)[], engineering: (number | null)[]): SidesSeries {
  const known = product.filter((v, i) => v !== null || engineering[i] !== null).length;
  return { key, label, product, engineering, known };
}

/**
 * Each radar dimension across the sprints, one average per side; a side with too few answers in
 * a sprint is a gap (the server sends no number for it), never a zero. A team's own dimensions
 * are asked only by the retros started while they were in use, so every dimension any sprint
 * asked gets a series, in the order the sprints first asked them (the five first).
 */
export function radarSeries(sprints: SideSprint[]): SidesSeries[] {
  const seen = new Map<string, RadarDimension>();
  for (const s of sprints) for (const d of s.radar) if (!seen.has(d.dimension)) seen.set(d.dimension, d);
  const dimensions = [...seen.values()];
  return dimensions.map((d) => {
    const at = (s: SideSprint) => s.radar.find((r) => r.dimension === d.dimension);
    return sidesSeries(
      d.dimension,
      d.label,
      sprints.map((s) => at(s)?.product.average ?? null),
      sprints.map((s) => at(s)?.engineering.average ?? null),
    );
  });
}

export const VOICE_MEASURES = ['cards', 'votes', 'notes', 'actions'] as const;

const asPercent = (share: number | null | undefined) => (share === null || share === undefined ? null : Math.round(share * 1000) / 10);

/** Each side's share (in %) of a measure per sprint; a gap where the retro's figures are not shown. */
export function voiceSeries(sprints: SideSprint[]): SidesSeries[] {
  const words = trendWords.get();
  return VOICE_MEASURES.map((measure) =>
    sidesSeries(
      measure,
      words[measure],
      sprints.map((s) => (s.equal_voice.shown ? asPercent(s.equal_voice[measure]?.product_share) : null)),
      sprints.map((s) => (s.equal_voice.shown ? asPercent(s.equal_voice[measure]?.engineering_share) : null)),
    ),
  );
}

/** What a sprint's equal voice says in words: its flags, or why there are no figures. */
export function voiceNote(voice: EqualVoice): string {
  if (!voice.shown) return trendWords.get().tooFew;
  if (voice.flags.length === 0) return trendWords.get().bothHeard;
  return voice.flags.map((f) => VOICE_FLAG_WORDS[f] ?? f).join(' ');
}

export interface StartedLike {
  on: string;
  kind: string;
  title: string;
}

/** How a start reads on a chart: a ritual by its title; agreements by what happened to them. */
export const startedLabel = (s: StartedLike) =>
  s.kind === 'agreement' ? trendWords.get().agreements : s.title || trendWords.get().ritual;

/** A start with its day: "PM/TL sync (2026-01-20)". */
export const startedMark = (s: StartedLike) => trendWords.get().startedOn({ what: startedLabel(s), date: s.on });

/** Where each start falls: the first sprint ending on or after it (starts after the last are left out). */
export function marksOf(sprints: { ends: string }[], started: StartedLike[]): { at: number; label: string }[] {
  return started
    .map((s) => ({ at: sprints.findIndex((p) => p.ends >= s.on), label: startedMark(s) }))
    .filter((m) => m.at >= 0);
}
