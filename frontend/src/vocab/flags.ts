/**
 * The words of sprint-signal flags and equal-voice flags: kept apart from the app-wide labels
 * because only the signals step, the summary and the trends show them, and the board loads
 * those parts after its first paint.
 */
import type { FlagCode, VoiceFlag } from '../api/types';
import { flagPromptWords, flagThresholdWords, voiceFlagWords } from './flags.messages';
import { humanize, num, signed, type Message, type Params } from './labels';

const th = () => flagThresholdWords.get();
const pr = () => flagPromptWords.get();
const n = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
/** The unit a completion flag counts in, as the server names it. */
const STORIES = 'stories';

/** A flag's healthy range, from the team's limits it was held against. */
export const FLAG_THRESHOLDS: Readonly<Record<FlagCode, Message>> = {
  clarifying_questions_high: (p) => th().clarifying_questions_high({ ideal: num(p.ideal) }),
  tech_debt_share_low: (p) => th().tech_debt_share_low({ ideal: num(p.ideal) }),
  rework_days_high: (p) => th().rework_days_high(n(p.ideal)),
  qa_rejections_high: (p) => th().qa_rejections_high(n(p.ideal)),
  estimate_ratio_high: (p) => th().estimate_ratio({ min: num(p.min), max: num(p.max) }),
  estimate_ratio_low: (p) => th().estimate_ratio({ min: num(p.min), max: num(p.max) }),
  completion_low: (p) =>
    th().completion_low({ ideal: num(p.ideal), unit: p.unit === STORIES ? th().stories : th().points }),
  stories_added_high: (p) => th().stories_added_high({ ideal: num(p.ideal) }),
  shipped_late: () => th().shipped_late,
  satisfaction_low: (p) => th().satisfaction_low({ ideal: num(p.ideal) }),
  nps_fell: (p) => th().nps({ ideal: signed(p.ideal) }),
  nps_flat: (p) => th().nps({ ideal: signed(p.ideal) }),
  nps_rose_little: (p) => th().nps({ ideal: signed(p.ideal) }),
};

/** The question a flag opens the discussion with; `value` is what was measured. */
export const FLAG_PROMPTS: Readonly<Record<FlagCode, (value: number | boolean, p: Params) => string>> = {
  clarifying_questions_high: (v) => pr().clarifying_questions_high(n(v)),
  tech_debt_share_low: (v, p) => pr().tech_debt_share_low({ value: num(v), ideal: num(p.ideal) }),
  rework_days_high: (v) => pr().rework_days_high(n(v)),
  qa_rejections_high: (v) => pr().qa_rejections_high(n(v)),
  estimate_ratio_high: (v) => pr().estimate_ratio_high({ value: num(v) }),
  estimate_ratio_low: (v) => pr().estimate_ratio_low({ value: num(v) }),
  completion_low: (v, p) =>
    (p.unit === STORIES ? pr().completion_low_stories : pr().completion_low_points)({
      value: num(v),
      ideal: num(p.ideal),
    }),
  stories_added_high: (v) => pr().stories_added_high(n(v)),
  shipped_late: () => pr().shipped_late,
  satisfaction_low: (v) => pr().satisfaction_low({ value: num(v) }),
  nps_fell: (v) => pr().nps_fell(-n(v)),
  nps_flat: () => pr().nps_flat,
  nps_rose_little: (v) => pr().nps_rose_little(n(v)),
};

interface FlagLike {
  code: string;
  value: number | boolean;
  params: Params;
}

/** A flag's question, or a plain line for a code this build does not know yet. */
export function flagPrompt(flag: FlagLike): string {
  const words = (FLAG_PROMPTS as Record<string, ((v: number | boolean, p: Params) => string) | undefined>)[flag.code];
  return words ? words(flag.value, flag.params) : humanize(flag.code);
}

export function flagThreshold(flag: FlagLike): string {
  const words = (FLAG_THRESHOLDS as Record<string, Message | undefined>)[flag.code];
  return words ? words(flag.params, '') : '';
}

/** What an equal-voice flag says about a retro (see docs/running-a-retro.md); each is read in
 * the UI's language when it is looked up. */
export const VOICE_FLAG_WORDS: Readonly<Record<VoiceFlag, string>> = {
  get product_few_cards() {
    return voiceFlagWords.get().product_few_cards;
  },
  get engineering_few_cards() {
    return voiceFlagWords.get().engineering_few_cards;
  },
  get no_product_action() {
    return voiceFlagWords.get().no_product_action;
  },
  get no_engineering_action() {
    return voiceFlagWords.get().no_engineering_action;
  },
};
