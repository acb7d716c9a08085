/**
 * The words of the guided prompts Twofold ships, by prompt id, and of their groups. English
 * here is the server's own text word for word (tests/unit/test_prompt_words.py holds the two
 * together); a prompt a team rewrote is shown as written, never from here.
 */
import { i18n } from '../i18n/catalogue';

export const builtinPromptWords = i18n('vocab.prompts', {
  'rp.clear_before_start': 'Did every story have clear requirements before anyone started building it?',
  'rp.clarifying_questions': 'How many clarifying questions came up mid-sprint? Fewer than {clarifying_questions_below} is a healthy sprint.',
  'rp.missed_edge_cases': 'Which edge cases did we find only during development or QA?',
  'rp.acceptance_criteria': 'Were the acceptance criteria specific enough to test against?',
  'rp.scope_added': 'What was added after the sprint started, and could it have waited for planning?',
  'rp.estimates_off': 'Which estimates were furthest off, and what did we not know when we made them?',
  'rp.big_stories_paired': 'Did the largest stories get a PM and tech-lead walkthrough before planning?',
  'ex.rework': 'How much rework did we do, and which stories came back from QA?',
  'ex.qa_rejections': 'Why were stories rejected in QA: unclear criteria, missed cases or defects?',
  'ex.blocked': 'What blocked us for more than a day, and who could have unblocked it sooner?',
  'ex.pace_vs_quality': 'Where did we trade quality for speed, and was that a conscious choice?',
  'ex.shipped_on_time': 'Did we ship what we committed to, on time? If not, when did we first know?',
  'ex.unplanned_work': 'How much unplanned work (incidents, support) did we absorb this sprint?',
  'td.visible_to_pm': 'Is the tech debt that slows us down visible to the PM, with its cost in hours?',
  'td.capacity_share': 'Did we spend close to {tech_debt_share_min}% of capacity on tech debt? What did we defer?',
  'td.slowed_us': 'Which part of the codebase slowed us down most this sprint?',
  'td.customer_impact': 'Which piece of debt do customers feel, through bugs, outages or slow delivery?',
  'td.new_debt': 'What shortcuts did we take this sprint, and have we written them down?',
  'td.next_to_pay': 'If we could pay down one debt item next sprint, which one and why?',
  'co.customer_context': 'Did the PM share enough customer context for engineers to make good calls?',
  'co.constraints_early': 'Did engineering raise technical constraints and risks early enough?',
  'co.decisions_recorded': 'Were decisions made in chats or meetings written down where everyone could find them?',
  'co.surprises': 'What surprised one side that the other side already knew?',
  'co.sync_useful': 'Was the PM/tech-lead sync useful this sprint? What should it cover instead?',
  'co.bad_news_early': 'When something slipped, how quickly did everyone who needed to know hear about it?',
});

export const promptGroupWords = i18n('vocab.promptGroups', {
  requirements_planning: 'Requirements & Planning',
  execution: 'Execution',
  technical_debt: 'Technical Debt',
  communication: 'Communication',
});
