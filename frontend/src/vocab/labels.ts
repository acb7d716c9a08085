/**
 * The words the UI shows for the API's closed vocabularies, in the order pickers list them.
 * The server's enums are the source of truth; these records are typed against them, so a new
 * value there is a type error here until it has a label.
 */
import type { ErrorCode, Friction, Polarity, Role, TemplateKey } from '../api/types';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  pm: 'Product Manager',
  eng: 'Engineer',
  tech_lead: 'Tech Lead',
  design: 'Design',
  qa: 'QA',
  em: 'Engineering Manager',
};

export const POLARITY_LABELS: Readonly<Record<Polarity, string>> = {
  went_well: 'Went well',
  didnt_go_well: "Didn't go well",
  proposal: 'Proposal',
};

export const FRICTION_LABELS: Readonly<Record<Friction, string>> = {
  requirements_clarity: 'Requirements clarity',
  velocity_quality: 'Velocity vs quality',
  tech_debt: 'Tech debt',
  estimation: 'Estimation',
  communication: 'Communication',
};

export const TEMPLATE_FALLBACK_NAMES: Readonly<Record<TemplateKey, string>> = {
  pm_engineering: 'PM / Engineering',
  start_stop_continue: 'Start / Stop / Continue',
  mad_sad_glad: 'Mad / Sad / Glad',
  four_ls: '4Ls',
  sailboat: 'Sailboat',
  cross_functional_product_team: 'Cross-functional product team',
  product_development: 'Product development',
  tech_debt_review: 'Technical debt review',
  team: 'Team template',
};

export const ROLES = Object.keys(ROLE_LABELS) as Role[];
export const POLARITIES = Object.keys(POLARITY_LABELS) as Polarity[];
export const FRICTIONS = Object.keys(FRICTION_LABELS) as Friction[];
export const DEFAULT_TEMPLATE: TemplateKey = 'pm_engineering';

/** A label for a value the server sent, even one this build does not know yet. */
export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? humanize(role);
}

export function polarityLabel(polarity: string): string {
  return (POLARITY_LABELS as Record<string, string>)[polarity] ?? humanize(polarity);
}

export function frictionLabel(friction: string): string {
  return (FRICTION_LABELS as Record<string, string>)[friction] ?? humanize(friction);
}

/** A retro's template as people know it: a team template by its own name. */
export function templateName(key: string, teamTemplateName?: string | null): string {
  if (key === 'team' && teamTemplateName) return teamTemplateName;
  return (TEMPLATE_FALLBACK_NAMES as Record<string, string>)[key] ?? humanize(key);
}

/** `"velocity_quality"` → `"Velocity quality"`. */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : value;
}

/** What each kind of team event in a team's deliveries is about. Kinds are open-ended (a new
 * one needs only the server), so an unknown kind is shown as it is. */
const DELIVERY_KIND_LABELS: Readonly<Record<string, string>> = {
  'team.action_created': 'Action item created',
  'team.action_changed': 'Action item changed',
  'team.action_due': 'Action item due',
  'team.action_overdue': 'Action item overdue',
  'team.debt_created': 'Debt item created',
  'team.debt_scored': 'Debt item scored',
  'team.retro_closed': 'Retro closed',
  'team.signals_recorded': 'Sprint signals recorded',
  'team.member_joined': 'Member joined',
  'team.member_left': 'Member left',
  'team.ritual_agenda': 'Ritual agenda',
};

export function deliveryKindLabel(kind: string): string {
  return DELIVERY_KIND_LABELS[kind] ?? kind;
}

// ---- Messages ---------------------------------------------------------------------------
// Every sentence the UI shows for something the server decided is worded here, keyed by the
// server's code and built from its parameters, so another language is one more catalogue and
// no rule changes. The records are typed against the generated enums: a new code on the server
// is a type error here until it has words.

/** Values a message is built from, as the server sends them (`params`). */
export type Params = Readonly<Record<string, unknown>>;
/** A message from its parameters; `said` is the server's English, for the codes that name a
 * kind of failure rather than one (they fall back on the server's more precise sentence). */
export type Message = (p: Params, said: string) => string;

export const num = (v: unknown): string => (typeof v === 'number' ? String(v) : String(v ?? ''));
export const count = (v: unknown, one: string, many = `${one}s`): string =>
  `${num(v)} ${v === 1 ? one : many}`;
export const signed = (v: unknown): string => (typeof v === 'number' && v > 0 ? `+${v}` : num(v));
const asSaid: Message = (_, said) => said;

export const ERROR_MESSAGES: Readonly<Record<ErrorCode, Message>> = {
  bad_request: asSaid,
  unauthenticated: (_, said) => said || 'Please sign in.',
  forbidden: (_, said) => said || 'You are not allowed to do that.',
  not_found: (_, said) => said || 'Not found.',
  conflict: (_, said) => said || 'That clashes with a change someone else just made. Reload and try again.',
  gone: (_, said) => said || 'That is no longer there.',
  rate_limited: (p) =>
    typeof p.retry_after === 'number'
      ? `Too many attempts. Try again in ${count(p.retry_after, 'second')}.`
      : 'Too many attempts. Wait a moment and try again.',
  storage_unavailable: (_, said) => said || 'Saving is paused for a moment. Try again shortly.',
  not_ready: (_, said) => said || 'The server is starting or cannot reach what it needs.',
  validation_error: asSaid,
  method_not_allowed: () => 'That cannot be done here.',
  payload_too_large: () => 'That is too large to send.',
  unsupported_media_type: () => 'The request was not sent as JSON.',
  malformed_json: () => 'The request was not valid JSON.',
  csrf_failed: () => 'This page is out of date. Reload it and try again.',
  internal_error: (_, said) => said || 'Something went wrong on our side.',
  error: asSaid,
  bad_frame: asSaid,
  frame_too_large: () => 'That is too large to send.',
  since_negative: asSaid,
  since_ahead: asSaid,
  since_too_old: asSaid,
  log_changed: asSaid,
  retry_later: () => 'Saving is paused for a moment; your change will be sent again.',
  signup_closed: asSaid,
  email_taken: asSaid,
  wrong_password: asSaid,
  invalid_credentials: asSaid,
  reset_used: asSaid,
  reset_expired: asSaid,
  share_revoked: () =>
    'This link to a retro summary was turned off by the team. Ask them for a new one if you still need it.',
  share_expired: () => 'This link to a retro summary has expired. Ask the team for a new one.',
  reset_replaced: asSaid,
  demo_accounts_taken: asSaid,
  already_signed_in: asSaid,
  // Single sign-on: the callback sends the browser here with only a code, so each has words.
  sso_not_configured: () => 'Single sign-on is not set up on this instance.',
  sso_provider_unreachable: () =>
    'The sign-in provider could not be reached. Try again in a moment; if it keeps happening, tell the owner of this Twofold instance.',
  sso_state_mismatch: () =>
    'This sign-in did not start in this browser, or it was already used. Start again below.',
  sso_expired: () => 'The sign-in took too long. Start again below.',
  sso_denied: () => 'The sign-in provider did not let you in (you may have cancelled there).',
  sso_code_refused: () => 'The sign-in provider refused to complete this sign-in. Start again below.',
  sso_token_invalid: () =>
    'The sign-in provider’s answer could not be verified, so it was not trusted. Tell the owner of this Twofold instance.',
  sso_email_missing: () => 'The sign-in provider did not share your email address, which Twofold needs.',
  sso_email_unverified: () =>
    'The sign-in provider has not verified your email address. Verify it there, then try again.',
  sso_domain_not_allowed: () => 'Accounts with this email domain may not sign in here.',
  sso_link_needed: () =>
    'An account with this email already exists. Enter its password to link it to your sign-in provider.',
  sso_identity_taken: () => 'This provider sign-in is already linked to another Twofold account.',
  sso_link_expired: () => 'Linking took too long, or was never started here. Start again from the sign-in page.',
  password_signin_off: () => 'This instance signs people in through its sign-in provider only.',
  last_owner: asSaid,
  last_facilitator: asSaid,
  invite_revoked: asSaid,
  invite_expired: asSaid,
  guests_only: asSaid,
  guest_not_allowed: asSaid,
  wrong_phase: asSaid,
  same_phase: (p) => `The retro is already in ${num(p.phase)}.`,
  phase_skipped: (p) => `This retro skips the ${num(p.phase)} phase.`,
  anonymity_locked: asSaid,
  too_many_columns: (p) => `A retro can have at most ${num(p.limit)} columns.`,
  column_not_empty: asSaid,
  unknown_column: asSaid,
  card_not_revealed: asSaid,
  not_grouped: asSaid,
  no_votes_left: (p) => `You have used all ${num(p.votes)} of your votes; take one back to move it.`,
  topic_vote_limit: (p) => `At most ${num(p.votes)} of your votes can go to one topic.`,
  no_vote: asSaid,
  already_reviewed: asSaid,
  too_many_templates: (p) => `A team can keep at most ${num(p.limit)} templates. Delete one first.`,
  template_name_taken: asSaid,
  too_many_pulses: (p) => `This sprint already has the most pulses it can hold (${num(p.limit)}).`,
  pulse_already_given: asSaid,
  radar_off: asSaid,
  bad_transition: (p, said) =>
    p.target ? `An action item that is ${num(p.status)} cannot become ${num(p.target)}; reopen it first.` : said,
  same_status: (p) => `The action item is already ${num(p.status)}.`,
  reason_required: asSaid,
  card_in_backlog: asSaid,
  theme_in_backlog: asSaid,
  schedule_not_computable: asSaid,
  delivery_done: asSaid,
  delivery_in_progress: asSaid,
  bad_period: asSaid,
  no_teams: () => 'The company view compares the teams you belong to; create or join a team first.',
  too_many_teams: (p, said) => (p.most ? `Compare at most ${num(p.most)} teams at once.` : said),
  report_not_ready: () => 'This report is not ready yet.',
  report_not_failed: () => 'Only a report that failed can be tried again.',
  side_role_unknown: asSaid,
  side_role_missing: asSaid,
  side_unknown: asSaid,
  side_empty: asSaid,
  dimension_label_length: (p) => `A dimension's label is ${num(p.min)} to ${num(p.max)} characters long.`,
  dimension_label_characters: () =>
    "A dimension's label is one line of plain text: no line breaks, tabs or other control characters.",
  dimension_label_taken: (p, said) =>
    p.label ? `The radar already asks about “${num(p.label)}”; give this dimension another label.` : said,
  too_many_dimensions: (p) => `A team can ask at most ${num(p.limit)} dimensions of its own; retire one first.`,
  dimension_retired: asSaid,
  too_many_reports: (p) =>
    `This team already has ${num(p.limit)} reports being made; wait for one to finish.`,
  unknown_vendor: asSaid,
  integrations_key_missing: () =>
    'This instance has no key to keep connection secrets with; its administrator sets TWOFOLD_INTEGRATIONS_KEY.',
  connection_exists: () => 'This team is already connected to that tool; remove the connection first.',
  tracker_exists: asSaid,
  integrations_key_mismatch: asSaid,
  already_linked: asSaid,
  not_connected: () => 'Connect the team to its tracker (Jira, Linear or GitHub) first, on its Integrations page.',
  bad_signature: asSaid,
  unknown_sprint: asSaid,
};

/** The words for an error the server answered with; a code this build does not know yet shows
 * the server's own sentence. */
export function errorMessage(code: string, params: Params = {}, said = ''): string {
  const message = (ERROR_MESSAGES as Record<string, Message | undefined>)[code];
  return message ? message(params, said) : said;
}

/** An action item's owner by kind: the server names the people and never puts them together. */
export const OWNER_WORDS = {
  joint: (pm: string | null | undefined, lead: string | null | undefined) =>
    `${pm ?? 'PM'} (PM) + ${lead ?? 'tech lead'} (tech lead)`,
  none: 'No owner',
} as const;

/** Why a board's socket was closed for good, by close code (see ../live/client.ts). */
export const CLOSE_MESSAGES: Readonly<Record<number, string>> = {
  4401: 'Your session has ended. Sign in again to rejoin this retro.',
  4403: 'This board refused the connection from this page.',
  4404: 'This retro does not exist or you are not part of it.',
};
