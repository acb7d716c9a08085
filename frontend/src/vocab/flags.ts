/**
 * The words of sprint-signal flags and equal-voice flags: kept apart from the app-wide labels
 * because only the signals step, the summary and the trends show them, and the board loads
 * those parts after its first paint.
 */
import type { FlagCode, VoiceFlag } from '../api/types';
import { count, humanize, num, signed, type Message, type Params } from './labels';

/** A flag's healthy range, from the team's limits it was held against. */
export const FLAG_THRESHOLDS: Readonly<Record<FlagCode, Message>> = {
  clarifying_questions_high: (p) => `fewer than ${num(p.ideal)}`,
  tech_debt_share_low: (p) => `at least ${num(p.ideal)}%`,
  rework_days_high: (p) => `at most ${count(p.ideal, 'day')}`,
  qa_rejections_high: (p) => `at most ${count(p.ideal, 'story', 'stories')}`,
  estimate_ratio_high: (p) => `between ${num(p.min)} and ${num(p.max)}`,
  estimate_ratio_low: (p) => `between ${num(p.min)} and ${num(p.max)}`,
  completion_low: (p) => `at least ${num(p.ideal)}% of the committed ${num(p.unit)}`,
  stories_added_high: (p) => `at most ${num(p.ideal)}`,
  shipped_late: () => 'shipped on time',
  satisfaction_low: (p) => `at least ${num(p.ideal)} of 5`,
  nps_fell: (p) => `at least ${signed(p.ideal)}`,
  nps_flat: (p) => `at least ${signed(p.ideal)}`,
  nps_rose_little: (p) => `at least ${signed(p.ideal)}`,
};

/** The question a flag opens the discussion with; `value` is what was measured. */
export const FLAG_PROMPTS: Readonly<Record<FlagCode, (value: number | boolean, p: Params) => string>> = {
  clarifying_questions_high: (v) =>
    `${count(v, 'clarifying question')} came up mid-sprint — which stories reached development with gaps, and what would have caught them sooner?`,
  tech_debt_share_low: (v, p) =>
    `Only ${num(v)}% of capacity went to tech debt (target ${num(p.ideal)}%) — what did we put off, and what is it costing us?`,
  rework_days_high: (v) =>
    `${count(v, 'day')} of rework this sprint — what did the stories that bounced back have in common?`,
  qa_rejections_high: (v) =>
    `QA sent ${count(v, 'story', 'stories')} back this sprint — unclear acceptance criteria, edge cases found late, or defects?`,
  estimate_ratio_high: (v) =>
    `Work took ${num(v)} times its estimates overall — which stories surprised us, and what did we not know when we estimated?`,
  estimate_ratio_low: (v) =>
    `Work took ${num(v)} times its estimates overall — were we padding, or did scope quietly shrink?`,
  completion_low: (v, p) =>
    `${num(v)}% of the committed ${num(p.unit)} were completed (target ${num(p.ideal)}%) — what got in the way, and did we commit to more than we knew?`,
  stories_added_high: (v) =>
    `${count(v, 'story', 'stories')} joined after the sprint started — who asked for them, and could any have waited for planning?`,
  shipped_late: () => 'The sprint did not ship on time — when did we first know, and who heard it last?',
  satisfaction_low: (v) =>
    `Team satisfaction averaged ${num(v)} of 5 — what would make the next sprint feel better to work in?`,
  nps_fell: (v) =>
    `NPS fell by ${count(typeof v === 'number' ? -v : v, 'point')} — what did customers notice this sprint that we did not?`,
  nps_flat: () => 'NPS did not move — what did customers notice this sprint that we did not?',
  nps_rose_little: (v) =>
    `NPS rose by only ${count(v, 'point')} — what did customers notice this sprint that we did not?`,
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

/** What an equal-voice flag says about a retro (see docs/running-a-retro.md). */
export const VOICE_FLAG_WORDS: Readonly<Record<VoiceFlag, string>> = {
  product_few_cards: 'The product side wrote under 30% of the cards.',
  engineering_few_cards: 'The engineering side wrote under 30% of the cards.',
  no_product_action: 'No action item is owned by the product side.',
  no_engineering_action: 'No action item is owned by the engineering side.',
};
