/** The words of sprint-signal flags and equal-voice flags (see flags.ts). */
import { count, i18n, params } from '../i18n/catalogue';

/** A flag's healthy range. */
export const flagThresholdWords = i18n('vocab.flagThresholds', {
  clarifying_questions_high: params('fewer than {ideal}'),
  tech_debt_share_low: params('at least {ideal}%'),
  rework_days_high: count({ one: 'at most {count} day', other: 'at most {count} days' }),
  qa_rejections_high: count({ one: 'at most {count} story', other: 'at most {count} stories' }),
  estimate_ratio: params('between {min} and {max}'),
  completion_low: params('at least {ideal}% of the committed {unit}'),
  stories_added_high: params('at most {ideal}'),
  shipped_late: 'shipped on time',
  satisfaction_low: params('at least {ideal} of 5'),
  nps: params('at least {ideal}'),
  stories: 'stories',
  points: 'points',
});

/** The question a flag opens the discussion with. */
export const flagPromptWords = i18n('vocab.flagPrompts', {
  clarifying_questions_high: count({
    one: '{count} clarifying question came up mid-sprint — which stories reached development with gaps, and what would have caught them sooner?',
    other:
      '{count} clarifying questions came up mid-sprint — which stories reached development with gaps, and what would have caught them sooner?',
  }),
  tech_debt_share_low: params(
    'Only {value}% of capacity went to tech debt (target {ideal}%) — what did we put off, and what is it costing us?',
  ),
  rework_days_high: count({
    one: '{count} day of rework this sprint — what did the stories that bounced back have in common?',
    other: '{count} days of rework this sprint — what did the stories that bounced back have in common?',
  }),
  qa_rejections_high: count({
    one: 'QA sent {count} story back this sprint — unclear acceptance criteria, edge cases found late, or defects?',
    other: 'QA sent {count} stories back this sprint — unclear acceptance criteria, edge cases found late, or defects?',
  }),
  estimate_ratio_high: params(
    'Work took {value} times its estimates overall — which stories surprised us, and what did we not know when we estimated?',
  ),
  estimate_ratio_low: params(
    'Work took {value} times its estimates overall — were we padding, or did scope quietly shrink?',
  ),
  completion_low_stories: params(
    '{value}% of the committed stories were completed (target {ideal}%) — what got in the way, and did we commit to more than we knew?',
  ),
  completion_low_points: params(
    '{value}% of the committed points were completed (target {ideal}%) — what got in the way, and did we commit to more than we knew?',
  ),
  stories_added_high: count({
    one: '{count} story joined after the sprint started — who asked for them, and could any have waited for planning?',
    other: '{count} stories joined after the sprint started — who asked for them, and could any have waited for planning?',
  }),
  shipped_late: 'The sprint did not ship on time — when did we first know, and who heard it last?',
  satisfaction_low: params(
    'Team satisfaction averaged {value} of 5 — what would make the next sprint feel better to work in?',
  ),
  nps_fell: count({
    one: 'NPS fell by {count} point — what did customers notice this sprint that we did not?',
    other: 'NPS fell by {count} points — what did customers notice this sprint that we did not?',
  }),
  nps_flat: 'NPS did not move — what did customers notice this sprint that we did not?',
  nps_rose_little: count({
    one: 'NPS rose by only {count} point — what did customers notice this sprint that we did not?',
    other: 'NPS rose by only {count} points — what did customers notice this sprint that we did not?',
  }),
});

/** What an equal-voice flag says about a retro. */
export const voiceFlagWords = i18n('vocab.voiceFlags', {
  product_few_cards: 'The product side wrote under 30% of the cards.',
  engineering_few_cards: 'The engineering side wrote under 30% of the cards.',
  no_product_action: 'No action item is owned by the product side.',
  no_engineering_action: 'No action item is owned by the engineering side.',
});
