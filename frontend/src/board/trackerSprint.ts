/**
 * The words for a sprint read from Jira: what each figure is, its value, and where it came from.
 * Pure functions, tested without a browser.
 */
import type { SignalValues, SprintFigure, TrackerSprintFetch } from '../api/types';
import { NUMBER_FIELDS, type FormNumber } from './signals';

const EXTRA_LABELS: Record<string, string> = {
  points_added_after_start: 'Points added after start',
  points_removed_after_start: 'Points removed after start',
  stories_reopened: 'Stories reopened after done',
  stories_added_and_completed: 'Stories added and completed',
  cycle_time_days_median: 'Cycle time, median (days)',
  cycle_time_days_mean: 'Cycle time, mean (days)',
};

export function figureLabel(field: string): string {
  if (field === 'estimates') return 'Estimates vs actuals (hours)';
  return NUMBER_FIELDS[field as FormNumber]?.label ?? field.replaceAll('_', ' ');
}

export function figureValue(value: SprintFigure['current']): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    if (!value.length) return '—';
    const estimate = value.reduce((sum, e) => sum + e.estimate, 0);
    const actual = value.reduce((sum, e) => sum + e.actual, 0);
    const stories = value.length === 1 ? '1 story' : `${value.length} stories`;
    return `${num(actual)} h spent of ${num(estimate)} h estimated (${stories})`;
  }
  return num(value);
}

function num(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
}

/** "from Jira sprint OPS Sprint 42, 18:04" */
export function provenance(page: TrackerSprintFetch, locale?: string): string {
  const at = page.fetched_at
    ? new Date(page.fetched_at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : '';
  return `from Jira sprint ${page.sprint_name ?? page.sprint_id ?? ''}${at ? `, ${at}` : ''}`;
}

export interface ExtraLine {
  key: string;
  label: string;
  value: string;
}

export function extraLines(extras: TrackerSprintFetch['extras']): ExtraLine[] {
  const lines: ExtraLine[] = [];
  for (const [key, value] of Object.entries(extras)) {
    const label = EXTRA_LABELS[key];
    if (label) lines.push({ key, label, value: typeof value === 'number' ? num(value) : value });
  }
  return lines;
}

export function questionsRule(page: TrackerSprintFetch): string {
  switch (page.questions) {
    case 'question_mark':
      return 'Clarifying questions count the comments holding a “?” written while a story was in progress.';
    case 'label':
      return 'Clarifying questions count the comments written while a story was in progress, on stories carrying the team’s question label.';
    case 'off':
      return 'Clarifying questions are not counted from Jira for this team.';
    default:
      return '';
  }
}

/** The signals as they are, with one field set back to Jira's value. */
export function withJiraValue(current: SignalValues, figure: SprintFigure): SignalValues {
  return { ...current, [figure.field]: figure.from_tracker };
}
