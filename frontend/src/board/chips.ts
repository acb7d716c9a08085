/** How many people's chips a board shows before counting the rest: on a crowded board the
 * chips would otherwise run off the card (the count beside them says how many are ready). */
export const CHIPS_SHOWN = 30;

export function chips<T>(people: readonly T[], most = CHIPS_SHOWN): { shown: T[]; more: number } {
  const shown = people.slice(0, Math.max(0, most));
  return { shown, more: people.length - shown.length };
}
