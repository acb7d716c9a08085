/**
 * The words for every code the API answers with, built from the server's parameters. A chunk
 * of its own (see loadErrorWords in labels.ts), fetched just after the first page shows, since
 * most visits never meet an error. The record is typed against the generated enum: a new code
 * on the server is a type error here until it has words.
 */
import type { ErrorCode } from '../api/types';
import { errorWords } from './errors.messages';
import { num, type Message, type Params } from './labels';

const asSaid: Message = (_, said) => said;

type ErrorWords = ReturnType<(typeof errorWords)['get']>;

const w = (): ErrorWords => errorWords.get();
/** The catalogue's sentence for a code, or what the server said when it has nothing. */
const plain =
  (key: Exclude<keyof ErrorWords, 'rate_limited_in'>): Message =>
  (_, said) => {
    const words = w()[key];
    return typeof words === 'string' ? said || words : said;
  };
/** Built from the server's values; falls back on its sentence when one is missing. */
const built =
  (make: (p: Params) => string, needs: string[]): Message =>
  (p, said) =>
    needs.every((k) => p[k] !== undefined && p[k] !== null) ? make(p) : said;
const fixed =
  (key: keyof ErrorWords): Message =>
  () =>
    String(w()[key]);

export const ERROR_MESSAGES: Readonly<Record<ErrorCode, Message>> = {
  bad_request: asSaid,
  unauthenticated: plain('unauthenticated'),
  forbidden: plain('forbidden'),
  not_found: plain('not_found'),
  conflict: plain('conflict'),
  gone: plain('gone'),
  rate_limited: (p) =>
    typeof p.retry_after === 'number' ? w().rate_limited_in(p.retry_after) : w().rate_limited,
  storage_unavailable: plain('storage_unavailable'),
  not_ready: plain('not_ready'),
  validation_error: asSaid,
  method_not_allowed: fixed('method_not_allowed'),
  payload_too_large: fixed('payload_too_large'),
  unsupported_media_type: fixed('unsupported_media_type'),
  malformed_json: fixed('malformed_json'),
  csrf_failed: fixed('csrf_failed'),
  internal_error: plain('internal_error'),
  error: asSaid,
  bad_frame: asSaid,
  frame_too_large: fixed('payload_too_large'),
  since_negative: asSaid,
  since_ahead: asSaid,
  since_too_old: asSaid,
  log_changed: asSaid,
  retry_later: fixed('retry_later'),
  signup_closed: asSaid,
  email_taken: asSaid,
  wrong_password: asSaid,
  invalid_credentials: asSaid,
  reset_used: asSaid,
  reset_expired: asSaid,
  share_revoked: fixed('share_revoked'),
  share_expired: fixed('share_expired'),
  reset_replaced: asSaid,
  demo_accounts_taken: asSaid,
  already_signed_in: asSaid,
  // Single sign-on: the callback sends the browser here with only a code, so each has words.
  sso_not_configured: fixed('sso_not_configured'),
  sso_provider_unreachable: fixed('sso_provider_unreachable'),
  sso_state_mismatch: fixed('sso_state_mismatch'),
  sso_expired: fixed('sso_expired'),
  sso_denied: fixed('sso_denied'),
  sso_code_refused: fixed('sso_code_refused'),
  sso_token_invalid: fixed('sso_token_invalid'),
  sso_email_missing: fixed('sso_email_missing'),
  sso_email_unverified: fixed('sso_email_unverified'),
  sso_domain_not_allowed: fixed('sso_domain_not_allowed'),
  sso_link_needed: fixed('sso_link_needed'),
  sso_identity_taken: fixed('sso_identity_taken'),
  sso_link_expired: fixed('sso_link_expired'),
  password_signin_off: fixed('password_signin_off'),
  last_owner: asSaid,
  last_facilitator: asSaid,
  invite_revoked: asSaid,
  invite_expired: asSaid,
  guests_only: asSaid,
  guest_not_allowed: asSaid,
  wrong_phase: asSaid,
  same_phase: built((p) => w().same_phase({ phase: num(p.phase) }), ['phase']),
  phase_skipped: built((p) => w().phase_skipped({ phase: num(p.phase) }), ['phase']),
  anonymity_locked: asSaid,
  too_many_columns: built((p) => w().too_many_columns({ limit: num(p.limit) }), ['limit']),
  column_not_empty: asSaid,
  unknown_column: asSaid,
  card_not_revealed: asSaid,
  not_grouped: asSaid,
  no_votes_left: built((p) => w().no_votes_left({ votes: num(p.votes) }), ['votes']),
  topic_vote_limit: built((p) => w().topic_vote_limit({ votes: num(p.votes) }), ['votes']),
  no_vote: asSaid,
  already_reviewed: asSaid,
  too_many_templates: built((p) => w().too_many_templates({ limit: num(p.limit) }), ['limit']),
  template_name_taken: asSaid,
  too_many_pulses: built((p) => w().too_many_pulses({ limit: num(p.limit) }), ['limit']),
  pulse_already_given: asSaid,
  radar_off: asSaid,
  bad_transition: built(
    (p) => w().bad_transition({ status: num(p.status), target: num(p.target) }),
    ['status', 'target'],
  ),
  same_status: built((p) => w().same_status({ status: num(p.status) }), ['status']),
  reason_required: asSaid,
  card_in_backlog: asSaid,
  theme_in_backlog: asSaid,
  schedule_not_computable: asSaid,
  delivery_done: asSaid,
  delivery_in_progress: asSaid,
  bad_period: asSaid,
  no_teams: fixed('no_teams'),
  too_many_teams: built((p) => w().too_many_teams({ most: num(p.most) }), ['most']),
  report_not_ready: fixed('report_not_ready'),
  report_not_failed: fixed('report_not_failed'),
  side_role_unknown: asSaid,
  side_role_missing: asSaid,
  side_unknown: asSaid,
  side_empty: asSaid,
  dimension_label_length: built(
    (p) => w().dimension_label_length({ min: num(p.min), max: num(p.max) }),
    ['min', 'max'],
  ),
  dimension_label_characters: fixed('dimension_label_characters'),
  dimension_label_taken: built((p) => w().dimension_label_taken({ label: num(p.label) }), ['label']),
  too_many_dimensions: built((p) => w().too_many_dimensions({ limit: num(p.limit) }), ['limit']),
  dimension_retired: asSaid,
  too_many_reports: built((p) => w().too_many_reports({ limit: num(p.limit) }), ['limit']),
  unknown_vendor: asSaid,
  integrations_key_missing: fixed('integrations_key_missing'),
  connection_exists: fixed('connection_exists'),
  tracker_exists: asSaid,
  integrations_key_mismatch: asSaid,
  already_linked: asSaid,
  not_connected: fixed('not_connected'),
  bad_signature: asSaid,
  unknown_sprint: asSaid,
};


/** The words for an error code, or the server's own sentence for a code this build does not
 * know yet. */
export function wordsFor(code: string, params: Params, said: string): string {
  const message = (ERROR_MESSAGES as Record<string, Message | undefined>)[code];
  return message ? message(params, said) : said;
}
