/** Small helpers every form shares: client-side checks that mirror the API's rules, and focus. */
import { tick } from 'svelte';
import { ApiError, fieldMessages } from '../api/errors';

export type Errors = Record<string, string>;

export function required(value: string, message = 'This field is required.'): string {
  return value.trim() ? '' : message;
}

export function maxChars(value: string, max: number): string {
  return [...value.trim()].length > max ? `Use at most ${max} characters.` : '';
}

/** Keep only the non-empty messages. */
export function collect(errors: Errors): Errors {
  return Object.fromEntries(Object.entries(errors).filter(([, m]) => m));
}

/** Errors that are about one field although they are not a 422. */
const CODE_FIELDS: Record<string, string> = {
  email_taken: 'email',
  template_name_taken: 'name',
  wrong_password: 'current_password',
};

export interface SubmitFailure {
  /** Messages for fields the form shows. */
  fields: Errors;
  /** Anything left over, for the banner. */
  banner: string;
}

/**
 * Split an error from the API into per-field messages for the fields this form shows and one
 * banner message for the rest. `aliases` maps API field names onto the form's own names.
 */
export function describeFailure(
  error: unknown,
  shown: readonly string[],
  aliases: Record<string, string> = {},
): SubmitFailure {
  if (!(error instanceof ApiError)) {
    return { fields: {}, banner: 'Something went wrong. Try again.' };
  }
  const fields: Errors = {};
  const rest: string[] = [];
  for (const [apiField, message] of Object.entries(fieldMessages(error))) {
    const name = aliases[apiField] ?? apiField;
    if (shown.includes(name)) fields[name] = message;
    else rest.push(message);
  }
  const codeField = CODE_FIELDS[error.code];
  if (codeField && shown.includes(codeField) && !fields[codeField]) {
    fields[codeField] = error.message;
  }
  let banner = '';
  if (Object.keys(fields).length === 0) banner = rest[0] ?? error.message;
  else if (rest.length) banner = rest.join(' ');
  if (error.code === 'rate_limited' && error.retryAfter) {
    banner = `${error.message} Try again in ${waitText(error.retryAfter)}.`;
  }
  return { fields, banner };
}

/** "1 second", "45 seconds", "2 minutes", "1 hour", "1 hour 30 minutes": a wait in words. */
export function waitText(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 90) return plural(Math.max(1, Math.round(seconds)), 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${plural(hours, 'hour')} ${plural(rest, 'minute')}` : plural(hours, 'hour');
}

/** After the DOM shows new errors, put the cursor in the first field that has one. */
export async function focusFirstInvalid(form: HTMLElement | null): Promise<void> {
  await tick();
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

export function setTitle(title: string): void {
  document.title = title ? `${title} · Twofold` : 'Twofold';
}
