/** Small helpers every form shares: client-side checks that mirror the API's rules, and focus. */
import { tick } from 'svelte';
import { ApiError, fieldLabel, fieldMessages } from '../api/errors';
import { formsWords } from './forms.messages';

export type Errors = Record<string, string>;

export function required(value: string, message?: string): string {
  return value.trim() ? '' : (message ?? formsWords.get().required);
}

export function maxChars(value: string, max: number): string {
  return [...value.trim()].length > max ? formsWords.get().atMostChars(max) : '';
}

export interface NumberRule {
  /** Refuse an empty field; otherwise empty reads as "not given". */
  required?: boolean;
  min?: number;
  max?: number;
  integer?: boolean;
  /** The field holds text the browser could not read as a number (see NumberField). */
  unreadable?: boolean;
}

/**
 * The problem with a number field's value, in words, or '' when there is none. The value is
 * what Svelte binds a number input to: a number, or null/undefined while it is empty; a string
 * is accepted too, for inputs bound as text.
 */
export function checkNumber(value: number | string | null | undefined, rule: NumberRule = {}): string {
  const read = readNumber(value);
  const t = formsWords.get();
  if (rule.unreadable || Number.isNaN(read)) return t.number;
  if (read === null) return rule.required ? t.number : '';
  if (rule.integer && !Number.isInteger(read)) return t.wholeNumber;
  const { min, max } = rule;
  if (min !== undefined && max !== undefined && (read < min || read > max)) {
    return t.between({ min, max });
  }
  if (min !== undefined && read < min) return t.orMore({ min });
  if (max !== undefined && read > max) return t.orLess({ max });
  return '';
}

/** A number field's value for a request body: null when empty, NaN when not a number. */
export function readNumber(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  const text = value.trim().replace(',', '.');
  if (text === '') return null;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : Number.NaN;
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
    return { fields: {}, banner: formsWords.get().failed };
  }
  const fields: Errors = {};
  const rest: string[] = [];
  for (const [apiField, message] of Object.entries(fieldMessages(error))) {
    const name = aliases[apiField] ?? apiField;
    if (shown.includes(name)) fields[name] = message;
    // Away from its field, a message says which field it is about.
    else if (apiField && apiField !== 'body') rest.push(formsWords.get().aboutField({ field: fieldLabel(apiField), message }));
    else rest.push(message);
  }
  const codeField = CODE_FIELDS[error.code];
  if (codeField && shown.includes(codeField) && !fields[codeField]) {
    fields[codeField] = error.text;
  }
  let banner = '';
  if (Object.keys(fields).length === 0) banner = rest[0] ?? error.text;
  else if (rest.length) banner = rest.join(' ');
  if (error.code === 'rate_limited' && error.retryAfter) {
    banner = formsWords.get().tryAgainIn({ message: error.message, wait: waitText(error.retryAfter) });
  }
  return { fields, banner };
}

/** "1 second", "45 seconds", "2 minutes", "1 hour", "1 hour 30 minutes": a wait in words. */
export function waitText(seconds: number): string {
  const t = formsWords.get();
  if (seconds < 90) return t.seconds(Math.max(1, Math.round(seconds)));
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return t.minutes(minutes);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? t.hoursAndMinutes({ hours: t.hours(hours), minutes: t.minutes(rest) }) : t.hours(hours);
}

/** After the DOM shows new errors, put the cursor in the first field that has one. */
export async function focusFirstInvalid(form: HTMLElement | null): Promise<void> {
  await tick();
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

export function setTitle(title: string): void {
  document.title = title ? `${title} · Twofold` : 'Twofold';
}
