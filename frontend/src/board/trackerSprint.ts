/**
 * The words for a sprint read from the team's tracker (a Jira sprint, a Linear cycle, a GitHub
 * milestone): what each figure is, its value, and where it came from. Pure functions, tested
 * without a browser.
 */
import type { SignalValues, SprintFigure, TrackerSprintFetch } from '../api/types';
import { NUMBER_FIELDS, type FormNumber } from './signals';

export interface TrackerWords {
  /** "Jira" */
  tracker: string;
  /** "sprint", "cycle", "milestone" */
  noun: string;
  nouns: string;
}

const WORDS: Record<string, TrackerWords> = {
  jira: { tracker: 'Jira', noun: 'sprint', nouns: 'sprints' },
  linear: { tracker: 'Linear', noun: 'cycle', nouns: 'cycles' },
  github: { tracker: 'GitHub', noun: 'milestone', nouns: 'milestones' },
};

/** How the team's tracker and its sprints are called; a tracker since disconnected is "the tracker". */
export function trackerWords(vendor: TrackerSprintFetch['vendor']): TrackerWords {
  return (vendor && WORDS[vendor]) || { tracker: 'the tracker', noun: 'sprint', nouns: 'sprints' };
}

/** "OPS Sprint 42 (closed, OPS board)"; Linear's cycles by number: "Cycle 12 (closed, Engineering)". */
export function sprintOption(vendor: TrackerSprintFetch['vendor'], sprint: TrackerSprintFetch['sprints'][number]): string {
  const name = vendor === 'linear' ? `Cycle ${sprint.name}` : sprint.name;
  return `${name} (${sprint.state}, ${sprint.board})`;
}

const EXTRA_LABELS: Record<string, string> = {
  points_added_after_start: 'Points added after start',
  points_removed_after_start: 'Points removed after start',
  stories_reopened: 'Stories reopened after done',
  stories_added_and_completed: 'Stories added and completed',
  cycle_time_days_median: 'Cycle time, median (days)',
  cycle_time_days_mean: 'Cycle time, mean (days)',
  points: 'Points',
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

/** "from Jira sprint OPS Sprint 42, 18:04", "from Linear cycle 12, 18:04", "from GitHub milestone Sprint 7, 18:04" */
export function provenance(page: TrackerSprintFetch, locale?: string): string {
  const at = page.fetched_at
    ? new Date(page.fetched_at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : '';
  const { tracker, noun } = trackerWords(page.vendor);
  return `from ${tracker} ${noun} ${page.sprint_name ?? page.sprint_id ?? ''}${at ? `, ${at}` : ''}`;
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
      return `Clarifying questions are not counted from ${trackerWords(page.vendor).tracker} for this team.`;
    default:
      return '';
  }
}

/** The signals as they are, with one field set back to the tracker's value. */
export function withTrackerValue(current: SignalValues, figure: SprintFigure): SignalValues {
  return { ...current, [figure.field]: figure.from_tracker };
}
