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
import { signalFieldWords, signalWords } from './signals.messages';

/** Every figure of a sprint the form records, group by group as the form shows them. */
export const NUMBER_GROUPS = [
  {
    id: 'commitment',
    keys: ['stories_committed', 'stories_completed', 'points_committed', 'points_completed'],
  },
  { id: 'quality', keys: ['stories_rejected_in_qa', 'rework_days'] },
  {
    id: 'scope',
    keys: ['stories_added_after_start', 'stories_removed_after_start', 'clarifying_questions'],
  },
  { id: 'capacity', keys: ['tech_debt_share', 'nps_change'] },
] as const;

export const FORM_NUMBERS = NUMBER_GROUPS.flatMap((g) => g.keys);

export type FormNumber = (typeof NUMBER_GROUPS)[number]['keys'][number];
export type NumberGroup = (typeof NUMBER_GROUPS)[number]['id'];
type Unit = 'unitStories' | 'unitPoints' | 'unitDays' | 'unitQuestions' | 'unitCapacity';

/** The unit of each number in the form (shown after the input) and whether it is whole. */
export const NUMBER_FIELDS: Record<FormNumber, { unit: Unit; integer: boolean }> = {
  stories_committed: { unit: 'unitStories', integer: true },
  stories_completed: { unit: 'unitStories', integer: true },
  points_committed: { unit: 'unitPoints', integer: false },
  points_completed: { unit: 'unitPoints', integer: false },
  stories_rejected_in_qa: { unit: 'unitStories', integer: true },
  rework_days: { unit: 'unitDays', integer: false },
  stories_added_after_start: { unit: 'unitStories', integer: true },
  stories_removed_after_start: { unit: 'unitStories', integer: true },
  clarifying_questions: { unit: 'unitQuestions', integer: true },
  tech_debt_share: { unit: 'unitCapacity', integer: false },
  nps_change: { unit: 'unitPoints', integer: true },
};

export function isFormNumber(field: string): field is FormNumber {
  return Object.prototype.hasOwnProperty.call(NUMBER_FIELDS, field);
}

/** A group's title, a figure's label and its unit, in the UI's language. */
export function groupTitle(group: NumberGroup): string {
  return signalFieldWords.get()[group];
}

export function numberLabel(key: FormNumber): string {
  return signalFieldWords.get()[key];
}

export function numberUnit(key: FormNumber): string {
  return signalFieldWords.get()[NUMBER_FIELDS[key].unit];
}

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
  if (!Number.isFinite(value)) return signalFieldWords.get().enterNumber;
  if (integer && !Number.isInteger(value)) return signalFieldWords.get().enterWhole;
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
      errors[`${unit}_completed`] = signalFieldWords.get().moreThanCommitted({ committed: String(committed) });
    }
  }
  // Rows left blank are ignored rather than refused: adding a row and not filling it is harmless.
  const rows = form.estimates.filter((r) => r.story.trim() || r.estimate.trim() || r.actual.trim());
  rows.forEach((row, i) => {
    const where = `estimates.${i}`;
    const estimate = parseNumber(row.estimate, false);
    const actual = parseNumber(row.actual, false);
    const words = signalFieldWords.get();
    if (!row.story.trim()) errors[`${where}.story`] = words.nameStory;
    if (typeof estimate === 'string') errors[`${where}.estimate`] = estimate;
    else if (estimate === null) errors[`${where}.estimate`] = words.enterEstimate;
    if (typeof actual === 'string') errors[`${where}.actual`] = actual;
    else if (actual === null) errors[`${where}.actual`] = words.enterActual;
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

type SignalName = SignalFlag['signal'];

/** What a signal is called where its flag is shown. */
export function signalLabel(signal: SignalName): string {
  return signalWords.get()[signal];
}

/** The measured value of a flag, in words with its unit. */
export function flagValue(flag: Pick<SignalFlag, 'signal' | 'value'>): string {
  const v = flag.value;
  const w = signalWords.get();
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  switch (flag.signal) {
    case 'clarifying_questions':
      return w.questions(v);
    case 'tech_debt_share':
      return `${v}%`;
    case 'rework_days':
      return w.days(v);
    case 'estimate_ratio':
      return w.timesEstimate({ value: String(v) });
    case 'stories_rejected_in_qa':
      return w.stories(v);
    case 'completion':
      return w.ofCommitment({ value: String(v) });
    case 'stories_added_after_start':
      return w.stories(v);
    case 'satisfaction':
      return w.ofFive({ value: String(v) });
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
  const w = signalWords.get();
  return givenByMe ? w.thanks(count) : count ? w.soFar(count) : w.noPulses;
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
