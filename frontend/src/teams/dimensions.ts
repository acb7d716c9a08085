/** A team's own radar dimensions: the checks the editor makes before asking the server, the
 * same rules the server keeps (length, one line, unlike the five and the team's others). */
import { FRICTION_LABELS } from '../vocab/labels';

export const LABEL_MIN = 2;
export const LABEL_MAX = 40;

/** How two labels are compared: case, width and spacing aside. */
export function sameWords(label: string): string {
  return label.normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean).join(' ');
}

/** The problem with a label in words, or '' when the server may have it. `others` are the labels of
 * the team's other dimensions in use. */
export function checkLabel(label: string, others: readonly string[]): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(label)) {
    return "A dimension's label is one line of plain text.";
  }
  const tidy = label.trim().split(/\s+/).filter(Boolean).join(' ');
  const length = [...tidy].length;
  if (length < LABEL_MIN || length > LABEL_MAX) {
    return `A dimension's label is ${LABEL_MIN} to ${LABEL_MAX} characters long.`;
  }
  const taken = [...Object.values(FRICTION_LABELS), ...others].find((t) => sameWords(t) === sameWords(tidy));
  return taken ? `The radar already asks about “${taken}”; give this dimension another label.` : '';
}
