/** A team's own radar dimensions: the checks the editor makes before asking the server, the
 * same rules the server keeps (length, one line, unlike the five and the team's others). */
import { FRICTIONS, frictionLabel } from '../vocab/labels';
import { dimensionWords } from './RadarDimensionsEditor.messages';

export const LABEL_MIN = 2;
export const LABEL_MAX = 40;

/** How two labels are compared: case, width and spacing aside. */
export function sameWords(label: string): string {
  return label.normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean).join(' ');
}

/** The problem with a label in words, or '' when the server may have it. `others` are the labels of
 * the team's other dimensions in use. */
export function checkLabel(label: string, others: readonly string[]): string {
  const t = dimensionWords.get();
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(label)) {
    return t.oneLine;
  }
  const tidy = label.trim().split(/\s+/).filter(Boolean).join(' ');
  const length = [...tidy].length;
  if (length < LABEL_MIN || length > LABEL_MAX) {
    return t.length({ min: String(LABEL_MIN), max: String(LABEL_MAX) });
  }
  const taken = [...FRICTIONS.map(frictionLabel), ...others].find((t) => sameWords(t) === sameWords(tidy));
  return taken ? t.taken({ label: taken }) : '';
}
