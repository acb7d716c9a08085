/** A team's thresholds and prompts as its settings page edits them. */
import type { PromptGroup, PromptIn, PromptView, ThresholdValues, ThresholdsUpdate } from '../api/types';
import type { Errors } from '../ui/forms';
import { fillPlaceholders } from '../vocab/prompts';
import { promptWords } from './PromptsEditor.messages';
import { thresholdLabels, thresholdWords } from './ThresholdsEditor.messages';

export type ThresholdKey = keyof ThresholdValues;

/** The thresholds in the order the page lists them; their words are in ThresholdsEditor.messages. */
export const THRESHOLD_FIELDS: { key: ThresholdKey; integer: boolean }[] = [
  { key: 'clarifying_questions_below', integer: true },
  { key: 'rework_days_max', integer: false },
  { key: 'stories_added_max', integer: true },
  { key: 'qa_rejections_max', integer: true },
  { key: 'completion_min', integer: false },
  { key: 'estimate_ratio_min', integer: false },
  { key: 'estimate_ratio_max', integer: false },
  { key: 'tech_debt_share_min', integer: false },
  { key: 'satisfaction_min', integer: false },
  { key: 'nps_change_min', integer: true },
];

/** A threshold's name, or its key for one this build has no words for. */
export function thresholdLabel(key: string): string {
  return (thresholdLabels.get() as Record<string, string>)[key] ?? key;
}

export type ThresholdForm = Record<ThresholdKey, string>;

export function thresholdForm(values: ThresholdValues): ThresholdForm {
  return Object.fromEntries(THRESHOLD_FIELDS.map(({ key }) => [key, String(values[key])])) as ThresholdForm;
}

/**
 * The PUT body: only thresholds that differ from the defaults, so the rest keep following them
 * (also when a later version changes a default). An emptied input means "the default".
 */
export function thresholdBody(
  form: ThresholdForm,
  defaults: ThresholdValues,
): { body: ThresholdsUpdate; errors: Errors } {
  const body: ThresholdsUpdate = {};
  const errors: Errors = {};
  const t = thresholdWords.get();
  for (const { key, integer } of THRESHOLD_FIELDS) {
    const raw = form[key].trim().replace(',', '.');
    if (raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value)) errors[key] = t.enterNumber;
    else if (integer && !Number.isInteger(value)) errors[key] = t.enterWholeNumber;
    else if (value !== defaults[key]) body[key] = value;
  }
  return { body, errors };
}

/** What an input stands for: its number, the default when emptied, null when unreadable. */
function effective(raw: string, fallback: number): number | null {
  const text = raw.trim().replace(',', '.');
  if (text === '') return fallback;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The thresholds whose inputs no longer say what is saved: what saving would change. */
export function unsavedThresholds(
  form: ThresholdForm,
  saved: ThresholdValues,
  defaults: ThresholdValues,
): ThresholdKey[] {
  return THRESHOLD_FIELDS.map((f) => f.key).filter(
    (key) => effective(form[key], defaults[key]) !== saved[key],
  );
}

/** Whether the inputs already hold the defaults, so "Use the defaults" would change nothing. */
export function holdsDefaults(form: ThresholdForm, defaults: ThresholdValues): boolean {
  return THRESHOLD_FIELDS.every(({ key }) => effective(form[key], defaults[key]) === defaults[key]);
}

/** A prompt's text as a retro shows it: `{name}` replaced by the team's value for it. */
export function fillPrompt(text: string, values: Readonly<Record<string, string>>): string {
  return fillPlaceholders(text, values);
}

export const GROUP_PREFIX: Record<PromptGroup, string> = {
  requirements_planning: 'rp',
  execution: 'ex',
  technical_debt: 'td',
  communication: 'co',
};

/** A fresh id for a prompt the team adds; ids are never shown, only kept stable. */
export function newPromptId(group: PromptGroup, taken: readonly { id: string }[]): string {
  const ids = new Set(taken.map((p) => p.id));
  let n = 1;
  while (ids.has(`${GROUP_PREFIX[group]}.team_${n}`)) n += 1;
  return `${GROUP_PREFIX[group]}.team_${n}`;
}

export const PROMPT_TEXT_MAX = 300;

export function checkPromptText(text: string): string {
  const trimmed = text.trim();
  const t = promptWords.get();
  if (!trimmed) return t.writeQuestion;
  if ([...trimmed].length > PROMPT_TEXT_MAX) return t.tooLong({ max: String(PROMPT_TEXT_MAX) });
  return '';
}

export function toInput(p: PromptView): PromptIn {
  return { id: p.id, group: p.group, text: p.text, friction: p.friction };
}

/** The prompts of each group, in the order the groups are given. */
export function byGroup<T extends { group: PromptGroup }>(
  prompts: readonly T[],
  groups: readonly { group: PromptGroup; label: string }[],
): { group: PromptGroup; label: string; prompts: T[] }[] {
  return groups.map((g) => ({ ...g, prompts: prompts.filter((p) => p.group === g.group) }));
}
