/**
 * The words the UI shows for the API's closed vocabularies, in the order pickers list them.
 * The server's enums are the source of truth; these records are typed against them, so a new
 * value there is a type error here until it has a label.
 */
import { locale } from '../i18n/language';
import type { Friction, Polarity, Role, TemplateKey } from '../api/types';
import {
  frictionWords,
  radarDimensionWords,
  ownerWords,
  polarityWords,
  roleWords,
  templateWords,
} from './vocab.messages';

// Labels are read in loops (three per card, thousands of cards on a big board). A store read
// while nobody listens wakes it up and sets a timer to put it back to sleep, every time; kept
// listening, a read is a property lookup.
for (const words of [roleWords, polarityWords, frictionWords]) {
  words.listen(() => {});
}

const ROLE_ORDER: readonly Role[] = ['pm', 'eng', 'tech_lead', 'design', 'qa', 'em'];
const POLARITY_ORDER: readonly Polarity[] = ['went_well', 'didnt_go_well', 'proposal'];
const FRICTION_ORDER: readonly Friction[] = [
  'requirements_clarity',
  'velocity_quality',
  'tech_debt',
  'estimation',
  'communication',
];

export const ROLES = [...ROLE_ORDER];
export const POLARITIES = [...POLARITY_ORDER];
export const FRICTIONS = [...FRICTION_ORDER];
export const DEFAULT_TEMPLATE: TemplateKey = 'pm_engineering';

/** A label for a value the server sent, even one this build does not know yet. */
export function roleLabel(role: string): string {
  return (roleWords.get() as Record<string, string>)[role] ?? humanize(role);
}

export function polarityLabel(polarity: string): string {
  return (polarityWords.get() as Record<string, string>)[polarity] ?? humanize(polarity);
}

export function frictionLabel(friction: string): string {
  return (frictionWords.get() as Record<string, string>)[friction] ?? humanize(friction);
}

/**
 * A health-radar dimension as people read it: the five friction points in the reader's own
 * words, a team's own dimension as the team wrote it.
 */
export function dimensionLabel(d: { dimension: string; label: string; team_defined: boolean }): string {
  if (d.team_defined) return d.label;
  return (radarDimensionWords.get() as Record<string, string>)[d.dimension] ?? d.label;
}

/** A retro's template as people know it: a team template by its own name. */
export function templateName(key: string, teamTemplateName?: string | null): string {
  if (key === 'team' && teamTemplateName) return teamTemplateName;
  return (templateWords.get() as Record<string, string>)[key] ?? humanize(key);
}

/** `"velocity_quality"` → `"Velocity quality"`. */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : value;
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

/** A value from the server as text; numbers as the UI's language writes them (`2,5` in German). */
export const num = (v: unknown): string =>
  typeof v === 'number' ? v.toLocaleString(locale.get(), { useGrouping: false }) : String(v ?? '');
export const signed = (v: unknown): string => (typeof v === 'number' && v > 0 ? `+${num(v)}` : num(v));
let wordsFor: ((code: string, params: Params, said: string) => string) | null = null;

/** Fetch the words for error codes; until they arrive an error shows the server's sentence. */
export async function loadErrorWords(): Promise<void> {
  wordsFor ??= (await import('./errorWords')).wordsFor;
}

/** The words for an error the server answered with; a code this build does not know yet, or
 * any code before the words have arrived, shows the server's own sentence. */
export function errorMessage(code: string, params: Params = {}, said = ''): string {
  return wordsFor ? wordsFor(code, params, said) : said;
}

export const OWNER_WORDS = {
  joint: (pm: string | null | undefined, lead: string | null | undefined): string => {
    const words = ownerWords.get();
    return words.joint({ pm: pm ?? words.pm, lead: lead ?? words.lead });
  },
  get none(): string {
    return ownerWords.get().none;
  },
};
