/**
 * The words for the codes the API answers with. A chunk of its own, fetched just after the
 * first page shows (see labels.ts), since most visits never meet an error.
 */
import { count, i18n, params } from '../i18n/catalogue';

/** Keyed by the server's error code; codes missing here show the server's own sentence. */
export const errorWords = i18n('vocab.errors', {
  unauthenticated: 'Please sign in.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'Not found.',
  conflict: 'That clashes with a change someone else just made. Reload and try again.',
  gone: 'That is no longer there.',
  rate_limited_in: count({
    one: 'Too many attempts. Try again in {count} second.',
    other: 'Too many attempts. Try again in {count} seconds.',
  }),
  rate_limited: 'Too many attempts. Wait a moment and try again.',
  storage_unavailable: 'Saving is paused for a moment. Try again shortly.',
  not_ready: 'The server is starting or cannot reach what it needs.',
  method_not_allowed: 'That cannot be done here.',
  payload_too_large: 'That is too large to send.',
  unsupported_media_type: 'The request was not sent as JSON.',
  malformed_json: 'The request was not valid JSON.',
  csrf_failed: 'This page is out of date. Reload it and try again.',
  internal_error: 'Something went wrong on our side.',
  retry_later: 'Saving is paused for a moment; your change will be sent again.',
  share_revoked:
    'This link to a retro summary was turned off by the team. Ask them for a new one if you still need it.',
  share_expired: 'This link to a retro summary has expired. Ask the team for a new one.',
  sso_not_configured: 'Single sign-on is not set up on this instance.',
  sso_provider_unreachable:
    'The sign-in provider could not be reached. Try again in a moment; if it keeps happening, tell the owner of this Twofold instance.',
  sso_state_mismatch: 'This sign-in did not start in this browser, or it was already used. Start again below.',
  sso_expired: 'The sign-in took too long. Start again below.',
  sso_denied: 'The sign-in provider did not let you in (you may have cancelled there).',
  sso_code_refused: 'The sign-in provider refused to complete this sign-in. Start again below.',
  sso_token_invalid:
    'The sign-in provider’s answer could not be verified, so it was not trusted. Tell the owner of this Twofold instance.',
  sso_email_missing: 'The sign-in provider did not share your email address, which Twofold needs.',
  sso_email_unverified: 'The sign-in provider has not verified your email address. Verify it there, then try again.',
  sso_domain_not_allowed: 'Accounts with this email domain may not sign in here.',
  sso_link_needed:
    'An account with this email already exists. Enter its password to link it to your sign-in provider.',
  sso_identity_taken: 'This provider sign-in is already linked to another Twofold account.',
  sso_link_expired: 'Linking took too long, or was never started here. Start again from the sign-in page.',
  password_signin_off: 'This instance signs people in through its sign-in provider only.',
  same_phase: params('The retro is already in {phase}.'),
  phase_skipped: params('This retro skips the {phase} phase.'),
  too_many_columns: params('A retro can have at most {limit} columns.'),
  no_votes_left: params('You have used all {votes} of your votes; take one back to move it.'),
  topic_vote_limit: params('At most {votes} of your votes can go to one topic.'),
  too_many_templates: params('A team can keep at most {limit} templates. Delete one first.'),
  too_many_pulses: params('This sprint already has the most pulses it can hold ({limit}).'),
  bad_transition: params('An action item that is {status} cannot become {target}; reopen it first.'),
  same_status: params('The action item is already {status}.'),
  no_teams: 'The company view compares the teams you belong to; create or join a team first.',
  too_many_teams: params('Compare at most {most} teams at once.'),
  report_not_ready: 'This report is not ready yet.',
  report_not_failed: 'Only a report that failed can be tried again.',
  dimension_label_length: params("A dimension's label is {min} to {max} characters long."),
  dimension_label_characters:
    "A dimension's label is one line of plain text: no line breaks, tabs or other control characters.",
  dimension_label_taken: params('The radar already asks about “{label}”; give this dimension another label.'),
  too_many_dimensions: params('A team can ask at most {limit} dimensions of its own; retire one first.'),
  too_many_reports: params('This team already has {limit} reports being made; wait for one to finish.'),
  integrations_key_missing:
    'This instance has no key to keep connection secrets with; its administrator sets TWOFOLD_INTEGRATIONS_KEY.',
  connection_exists: 'This team is already connected to that tool; remove the connection first.',
  not_connected: 'Connect the team to its tracker (Jira, Linear or GitHub) first, on its Integrations page.',
});
