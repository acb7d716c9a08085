/**
 * The sprint-signals form and what the board shows from signals and prompts. Pure functions, so
 * the parsing and wording are tested without a browser.
 */
import type {
  Card,
  Friction,
  RetroPrompts,
  RetroSignals,
  PromptView,
  SignalFlag,
  SignalValues,
  SignalsUpdate,
} from '../api/types';
import type { Errors } from '../ui/forms';

/** Every figure of a sprint the form records, group by group as the form shows them. */
export const NUMBER_GROUPS = [
  {
    title: 'Commitment',
    keys: ['stories_committed', 'stories_completed', 'points_committed', 'points_completed'],
  },
  { title: 'Quality', keys: ['stories_rejected_in_qa', 'rework_days'] },
  {
    title: 'Scope and requirements',
    keys: ['stories_added_after_start', 'stories_removed_after_start', 'clarifying_questions'],
  },
  { title: 'Capacity and customers', keys: ['tech_debt_share', 'nps_change'] },
] as const;

export const FORM_NUMBERS = NUMBER_GROUPS.flatMap((g) => g.keys);

export type FormNumber = (typeof NUMBER_GROUPS)[number]['keys'][number];

/** Label and unit of each number in the form; the unit is shown after the input. */
export const NUMBER_FIELDS: Record<FormNumber, { label: string; unit: string; integer: boolean }> = {
  stories_committed: { label: 'Stories committed', unit: 'stories', integer: true },
  stories_completed: { label: 'Stories completed', unit: 'stories', integer: true },
  points_committed: { label: 'Points committed', unit: 'points', integer: false },
  points_completed: { label: 'Points completed', unit: 'points', integer: false },
  stories_rejected_in_qa: { label: 'Stories rejected in QA', unit: 'stories', integer: true },
  rework_days: { label: 'Rework', unit: 'days', integer: false },
  stories_added_after_start: { label: 'Stories added after start', unit: 'stories', integer: true },
  stories_removed_after_start: { label: 'Stories removed after start', unit: 'stories', integer: true },
  clarifying_questions: { label: 'Clarifying questions', unit: 'questions', integer: true },
  tech_debt_share: { label: 'Tech-debt share', unit: '% of capacity', integer: false },
  nps_change: { label: 'NPS change', unit: 'points', integer: true },
};

export interface EstimateRow {
  story: string;
  estimate: string;
  actual: string;
}

export interface SignalForm {
  numbers: Record<FormNumber, string>;
  estimates: EstimateRow[];
  shipped_on_time: '' | 'yes' | 'no';
}

const text = (value: number | null | undefined): string =>
  value === null || value === undefined ? '' : String(value);

export function formFromValues(values: SignalValues | null | undefined): SignalForm {
  const numbers = Object.fromEntries(FORM_NUMBERS.map((k) => [k, text(values?.[k])])) as Record<
    FormNumber,
    string
  >;
  return {
    numbers,
    estimates: (values?.estimates ?? []).map((e) => ({
      story: e.story,
      estimate: text(e.estimate),
      actual: text(e.actual),
    })),
    shipped_on_time: values?.shipped_on_time === true ? 'yes' : values?.shipped_on_time === false ? 'no' : '',
  };
}

export const emptyEstimate = (): EstimateRow => ({ story: '', estimate: '', actual: '' });

function parseNumber(raw: string, integer: boolean): number | null | string {
  const trimmed = raw.trim().replace(',', '.');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return 'Enter a number.';
  if (integer && !Number.isInteger(value)) return 'Enter a whole number.';
  return value;
}

/**
 * The PUT body for the form (it holds every figure a PUT replaces), or the problems found
 * before sending. Range rules are left to the server, which words them per field; the one rule
 * across two figures is checked here too, so it shows before a round trip.
 */
export function bodyFromForm(form: SignalForm): { body: SignalsUpdate; errors: Errors } {
  const errors: Errors = {};
  const body: SignalsUpdate = {
    shipped_on_time: form.shipped_on_time === '' ? null : form.shipped_on_time === 'yes',
    estimates: [],
  };
  for (const key of FORM_NUMBERS) {
    const parsed = parseNumber(form.numbers[key], NUMBER_FIELDS[key].integer);
    if (typeof parsed === 'string') errors[key] = parsed;
    else body[key] = parsed;
  }
  for (const unit of ['stories', 'points'] as const) {
    const committed = body[`${unit}_committed`];
    const completed = body[`${unit}_completed`];
    if (typeof committed === 'number' && typeof completed === 'number' && completed > committed) {
      errors[`${unit}_completed`] =
        `More than the ${committed} committed; work added mid-sprint goes under “Stories added after start”.`;
    }
  }
  // Rows left blank are ignored rather than refused: adding a row and not filling it is harmless.
  const rows = form.estimates.filter((r) => r.story.trim() || r.estimate.trim() || r.actual.trim());
  rows.forEach((row, i) => {
    const where = `estimates.${i}`;
    const estimate = parseNumber(row.estimate, false);
    const actual = parseNumber(row.actual, false);
    if (!row.story.trim()) errors[`${where}.story`] = 'Name the story.';
    if (typeof estimate === 'string') errors[`${where}.estimate`] = estimate;
    else if (estimate === null) errors[`${where}.estimate`] = 'Enter the estimate.';
    if (typeof actual === 'string') errors[`${where}.actual`] = actual;
    else if (actual === null) errors[`${where}.actual`] = 'Enter what it took.';
    if (typeof estimate === 'number' && typeof actual === 'number') {
      body.estimates?.push({ story: row.story.trim(), estimate, actual });
    }
  });
  return { body, errors };
}

/** Where the filled rows sit among all rows, so a server error on `estimates.1` finds its row. */
export function rowIndexes(rows: readonly EstimateRow[]): number[] {
  const out: number[] = [];
  rows.forEach((r, i) => {
    if (r.story.trim() || r.estimate.trim() || r.actual.trim()) out.push(i);
  });
  return out;
}

/** Error keys from the server (`estimates.<sent index>.x`) moved onto the form's rows. */
export function errorsForRows(errors: Errors, rows: readonly EstimateRow[]): Errors {
  const indexes = rowIndexes(rows);
  const out: Errors = {};
  for (const [key, message] of Object.entries(errors)) {
    const m = /^estimates\.(\d+)\.(\w+)$/.exec(key);
    const row = m ? indexes[Number(m[1])] : undefined;
    out[m && row !== undefined ? `estimates.${row}.${m[2]}` : key] = message;
  }
  return out;
}

export const SIGNAL_LABELS: Record<SignalFlag['signal'], string> = {
  clarifying_questions: 'Clarifying questions',
  tech_debt_share: 'Tech-debt share',
  rework_days: 'Rework',
  stories_rejected_in_qa: 'QA rejections',
  estimate_ratio: 'Estimate vs actual',
  completion: 'Commitment completed',
  stories_added_after_start: 'Scope added',
  shipped_on_time: 'Shipped on time',
  satisfaction: 'Satisfaction',
  nps_change: 'NPS change',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The measured value of a flag, in words with its unit. */
export function flagValue(flag: Pick<SignalFlag, 'signal' | 'value'>): string {
  const v = flag.value;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  switch (flag.signal) {
    case 'clarifying_questions':
      return plural(v, 'question');
    case 'tech_debt_share':
      return `${v}%`;
    case 'rework_days':
      return plural(v, 'day');
    case 'estimate_ratio':
      return `${v}× the estimate`;
    case 'stories_rejected_in_qa':
      return plural(v, 'story', 'stories');
    case 'completion':
      return `${v}% of the commitment`;
    case 'stories_added_after_start':
      return plural(v, 'story', 'stories');
    case 'satisfaction':
      return `${v} of 5`;
    case 'nps_change':
      return v > 0 ? `+${v}` : String(v).replace('-', '−');
    default:
      return String(v);
  }
}

/** Nothing recorded yet: no figure saved and no flag (pulses alone do not count). */
export function nothingRecorded(signals: RetroSignals | null): boolean {
  return !signals || (signals.updated_at === null && signals.flags.length === 0);
}

export function pulseText(count: number, givenByMe: boolean): string {
  const so = `${plural(count, 'pulse')} so far`;
  return givenByMe ? `Thanks — ${so}` : count ? so : 'No pulses yet';
}

/** The friction point most of a topic's cards are tagged with; ties go to the earliest card. */
export function dominantFriction(cards: readonly Pick<Card, 'friction'>[]): Friction | null {
  const counts = new Map<Friction, number>();
  for (const card of cards) {
    if (card.friction) counts.set(card.friction, (counts.get(card.friction) ?? 0) + 1);
  }
  let best: Friction | null = null;
  for (const [friction, n] of counts) {
    if (best === null || n > (counts.get(best) ?? 0)) best = friction;
  }
  return best;
}

export function promptsForTopic(prompts: RetroPrompts | null, friction: Friction | null): PromptView[] {
  return prompts?.topics.find((t) => (t.friction ?? null) === friction)?.prompts ?? [];
}
