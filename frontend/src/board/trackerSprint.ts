/**
 * The words for a sprint read from the team's tracker (a Jira sprint, a Linear cycle, a GitHub
 * milestone or project iteration): what each figure is, its value, and where it came from. Pure functions, tested
 * without a browser.
 */
import { formatUpTo } from '../ui/format';
import type { SignalValues, SprintFigure, TrackerSprintFetch } from '../api/types';
import { locale as uiLocale } from '../i18n/language';
import { isFormNumber, numberLabel } from './signals';
import { trackerSprintWords } from './trackerSprint.messages';

export interface TrackerWords {
  /** "Jira" */
  tracker: string;
  /** "sprint", "cycle", "milestone", "iteration" */
  noun: string;
  nouns: string;
}

type Vendor = NonNullable<TrackerSprintFetch['vendor']>;
type Unit = NonNullable<TrackerSprintFetch['unit']>;
type Nouns = {
  noun: Unit;
  nouns: 'sprints' | 'cycles' | 'milestones' | 'iterations';
};

const UNITS: Record<Unit, Nouns> = {
  sprint: { noun: 'sprint', nouns: 'sprints' },
  cycle: { noun: 'cycle', nouns: 'cycles' },
  milestone: { noun: 'milestone', nouns: 'milestones' },
  iteration: { noun: 'iteration', nouns: 'iterations' },
};

/** Product names, the same in every language; only what their sprints are called is worded. */
const TRACKERS: Record<Vendor, { tracker: string } & Nouns> = {
  jira: { tracker: 'Jira', noun: 'sprint', nouns: 'sprints' },
  linear: { tracker: 'Linear', noun: 'cycle', nouns: 'cycles' },
  github: { tracker: 'GitHub', noun: 'milestone', nouns: 'milestones' },
};

const words = () => trackerSprintWords.get();

/**
 * How the team's tracker and its sprints are called (`unit` when the server says, as for a
 * GitHub project's iterations); a tracker since disconnected is "the tracker".
 */
export function trackerWords(vendor: TrackerSprintFetch['vendor'], unit?: TrackerSprintFetch['unit']): TrackerWords {
  const w = words();
  const known = vendor ? TRACKERS[vendor] : undefined;
  if (!known) return { tracker: w.theTracker, noun: w.sprint, nouns: w.sprints };
  const called = unit ? UNITS[unit] : known;
  return { tracker: known.tracker, noun: w[called.noun], nouns: w[called.nouns] };
}

const STATES = ['active', 'closed', 'future', 'open', 'completed', 'planned'] as const;

function stateLabel(state: string): string {
  const known = STATES.find((s) => s === state);
  return known ? words()[known] : state;
}

/** "OPS Sprint 42 (closed, OPS board)"; Linear's cycles by number: "Cycle 12 (closed, Engineering)". */
export function sprintOption(vendor: TrackerSprintFetch['vendor'], sprint: TrackerSprintFetch['sprints'][number]): string {
  const name = vendor === 'linear' ? words().cycleName({ name: sprint.name }) : sprint.name;
  return `${name} (${stateLabel(sprint.state)}, ${sprint.board})`;
}

const EXTRAS = [
  'points_added_after_start',
  'points_removed_after_start',
  'stories_reopened',
  'stories_added_and_completed',
  'cycle_time_days_median',
  'cycle_time_days_mean',
  'points',
  'removed_after_start',
] as const;

/** What the server says of a figure it could not work out. */
const NOT_TRACKED = 'not tracked';

/** The field the tracker sends its estimates under. */
const ESTIMATES = 'estimates';

export function figureLabel(field: string): string {
  if (field === ESTIMATES) return words().estimates;
  return isFormNumber(field) ? numberLabel(field) : field.replaceAll('_', ' ');
}

export function figureValue(value: SprintFigure['current']): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    if (!value.length) return '—';
    const estimate = value.reduce((sum, e) => sum + e.estimate, 0);
    const actual = value.reduce((sum, e) => sum + e.actual, 0);
    const w = words();
    return w.hoursSpent({ actual: num(actual), estimate: num(estimate), stories: w.stories(value.length) });
  }
  return num(value);
}

function num(value: number): string {
  return formatUpTo(value, 1);
}

/** "from Jira sprint OPS Sprint 42, 18:04", "from Linear cycle 12, 18:04", "from GitHub milestone Sprint 7, 18:04" */
export function provenance(page: TrackerSprintFetch, locale: string = uiLocale.get()): string {
  const time = page.fetched_at
    ? new Date(page.fetched_at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : '';
  const { tracker, noun } = trackerWords(page.vendor, page.unit);
  const sprint = page.sprint_name ?? page.sprint_id ?? '';
  return time ? words().fromAt({ tracker, noun, sprint, time }) : words().from({ tracker, noun, sprint });
}

export interface ExtraLine {
  key: string;
  label: string;
  value: string;
}

export function extraLines(extras: TrackerSprintFetch['extras']): ExtraLine[] {
  const lines: ExtraLine[] = [];
  for (const [key, value] of Object.entries(extras)) {
    const known = EXTRAS.find((k) => k === key);
    if (!known) continue;
    const shown = typeof value === 'number' ? num(value) : value === NOT_TRACKED ? words().notTracked : value;
    lines.push({ key, label: words()[known], value: shown });
  }
  return lines;
}

export function questionsRule(page: TrackerSprintFetch): string {
  switch (page.questions) {
    case 'question_mark':
      return words().questionMark;
    case 'label':
      return words().questionLabel;
    case 'off':
      return words().questionsOff({ tracker: trackerWords(page.vendor, page.unit).tracker });
    default:
      return '';
  }
}

/** The signals as they are, with one field set back to the tracker's value. */
export function withTrackerValue(current: SignalValues, figure: SprintFigure): SignalValues {
  return { ...current, [figure.field]: figure.from_tracker };
}
