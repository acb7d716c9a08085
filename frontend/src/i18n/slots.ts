/**
 * Sentences with markup inside them (a term in bold, a link, a setting's name in <code>). The
 * message keeps the whole sentence, so a translation may put the marked-up part anywhere in
 * it; the component cuts it around that part.
 */

/**
 * A plain message split around its `{name}` slots, each slot filled from `values` and named by
 * `slot`, so a page can set the filled words apart (in bold, say) wherever the language puts
 * them in the sentence.
 */
export function slots(sentence: string, values: Readonly<Record<string, string>>): { text: string; slot: string | null }[] {
  return sentence
    .split(/(\{\w+\})/)
    .filter(Boolean)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      return name !== undefined && name in values ? { text: values[name]!, slot: name } : { text: part, slot: null };
    });
}

const MARK = '\u0001';

/** For a message with values (`params`): fill a placeholder with a marker instead of the
 * element, e.g. `pieces($t.off({ setting: slot('setting') }))`. Safe with any other value
 * filled in beside it, since no one types the marker. */
export function slot(name: string): string {
  return `${MARK}${name}${MARK}`;
}

/** `['Mail is off (', 'setting', ').']`: text at even positions, slot names at odd ones. */
export function pieces(text: string): string[] {
  return text.split(MARK);
}
