/**
 * A guided prompt in the reader's language: the built-in ones from the catalogue by their id,
 * a team's own words exactly as the team wrote them. Components pass the store values in
 * (`$builtinPromptWords`), so the words follow a change of language at once.
 */
import type { PromptGroup } from '../api/types';

export { builtinPromptWords, promptGroupWords } from './prompts.messages';

interface PromptLike {
  id: string;
  text: string;
  builtin: boolean;
}

/** `{name}` replaced by the team's value for it; a name it has no value for stays as written. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The words to show for a prompt. `values` fill in the thresholds a built-in prompt quotes;
 * the prompt's own text is shown as the server sent it.
 */
export function promptText(
  prompt: PromptLike,
  words: Readonly<Record<string, string>>,
  values: Readonly<Record<string, string>> = {},
): string {
  const own = prompt.builtin ? words[prompt.id] : undefined;
  return own === undefined ? prompt.text : fillPlaceholders(own, values);
}

/** A prompt group's name, by its code; the server's label for a group this build does not know. */
export function promptGroupLabel(
  group: PromptGroup | string,
  words: Readonly<Record<string, string>>,
  fallback: string,
): string {
  return words[group] ?? fallback;
}
