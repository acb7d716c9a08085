/**
 * The one error shape every API failure turns into, so callers handle a single type:
 * `{"error": {"code", "message", "params", "details"}}` from the server, or a network failure.
 * Callers decide by `code`; what people read comes from the message catalogue (`text`).
 */
import { locale } from '../i18n/language';
import { errorMessage, type Params } from '../vocab/labels';
import { apiErrorWords } from './errors.messages';

export interface FieldError {
  /** The request field the message is about, without the `body.` location prefix. */
  field: string;
  message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** The values the message was made from, by name. */
  readonly params: Params;

  constructor(status: number, code: string, message: string, details: unknown = null, params: Params = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.params = params;
  }

  /** What to show: the catalogue's words for the code, made from its parameters. */
  get text(): string {
    return errorMessage(this.code, this.params, this.message);
  }

  /** Per-field messages of a 422 `validation_error`; empty for every other error. */
  get fieldErrors(): FieldError[] {
    return this.status === 422 ? parseFieldErrors(this.details) : [];
  }

  /** Seconds to wait before retrying, when the server said so (429 `rate_limited`). */
  get retryAfter(): number | null {
    if (isRecord(this.details) && typeof this.details.retry_after === 'number') {
      return this.details.retry_after;
    }
    return null;
  }
}

type ErrorWords = ReturnType<(typeof apiErrorWords)['get']>;

/** Which words a status without a message of its own gets. */
const FALLBACK_MESSAGES: Record<number, keyof ErrorWords> = {
  0: 'network',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflict',
  413: 'tooLarge',
  429: 'tooMany',
};

/** Turn a failed response's status and (already parsed, possibly non-JSON) body into an ApiError. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  if (isRecord(body) && isRecord(body.error)) {
    const { code, message, details, params } = body.error;
    return new ApiError(
      status,
      typeof code === 'string' && code ? code : codeForStatus(status),
      typeof message === 'string' && message ? message : fallbackMessage(status),
      details ?? null,
      isRecord(params) ? params : {},
    );
  }
  return new ApiError(status, codeForStatus(status), fallbackMessage(status));
}

export function networkError(): ApiError {
  return new ApiError(0, 'network_error', fallbackMessage(0));
}

export function fallbackMessage(status: number): string {
  const words = apiErrorWords.get();
  const key = FALLBACK_MESSAGES[status];
  if (key) return String(words[key]);
  return status >= 500 ? words.server : words.failed({ status: String(status) });
}

function codeForStatus(status: number): string {
  if (status === 0) return 'network_error';
  if (status >= 500) return 'server_error';
  return `http_${status}`;
}

/** Accepts `[{field, message}]`; tolerates `loc` arrays and drops anything unrecognisable. */
export function parseFieldErrors(details: unknown): FieldError[] {
  if (!Array.isArray(details)) return [];
  const out: FieldError[] = [];
  for (const item of details) {
    if (!isRecord(item) || typeof item.message !== 'string') continue;
    let field: string | null = null;
    if (typeof item.field === 'string') field = item.field;
    else if (Array.isArray(item.loc)) field = item.loc.map(String).join('.');
    if (field === null) continue;
    out.push({ field: field.replace(/^(body|query|path)\.?/, ''), message: item.message });
  }
  return out;
}

/** `{field: message}` for a form; the first message wins, errors on no field go under `''`. */
export function fieldMessages(error: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (!(error instanceof ApiError)) return map;
  for (const { field, message } of error.fieldErrors) {
    map[field] ??= message;
  }
  return map;
}

const SAID_AS: Record<string, string> = { nps: 'NPS', qa: 'QA', pm: 'PM', id: 'ID', ids: 'IDs', dod: 'DoD' };

/**
 * A request field as people say it, for a message shown away from its field:
 * `recurrence.duration_minutes` → "Duration minutes", `stories.2.points` → "Points (3rd line)".
 * The server leads its own one-line message the same way.
 */
export function fieldLabel(field: string): string {
  const parts = field.split('.').filter(Boolean);
  const name = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? '';
  const words = name
    .split('_')
    .filter(Boolean)
    .map((w) => SAID_AS[w] ?? w)
    .join(' ');
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  const index = [...parts].reverse().find((p) => /^\d+$/.test(p));
  if (index === undefined) return label;
  const n = Number(index) + 1;
  return LINE_WORDS[new Intl.PluralRules(locale.get(), { type: 'ordinal' }).select(n)]({ label, n: String(n) });
}

/** A line's number as an ordinal, in the form the language's ordinal rules pick for it. */
const LINE_WORDS: Record<Intl.LDMLPluralRule, (values: { label: string; n: string }) => string> = {
  zero: (v) => apiErrorWords.get().lineOther(v),
  one: (v) => apiErrorWords.get().lineOne(v),
  two: (v) => apiErrorWords.get().lineTwo(v),
  few: (v) => apiErrorWords.get().lineFew(v),
  many: (v) => apiErrorWords.get().lineOther(v),
  other: (v) => apiErrorWords.get().lineOther(v),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
