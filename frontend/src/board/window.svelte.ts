/** How much of a long list is drawn in full: a screenful by place, then what comes near. */

/** Enough cards to fill the window's height, each at least a short card's height tall. */
export function firstCards(height: number = globalThis.innerHeight ?? 800): number {
  return Math.max(12, Math.ceil(height / 60));
}

/**
 * Which items of a long list are drawn in full; the others are drawn in brief until they come
 * near the window (`came`). An item once in full stays so wherever it moves in the list: it may
 * hold focus, an open editor or a dialog as other people's items push it down.
 */
export class InFull {
  #near: Record<string, boolean> = $state({});
  // Not reactive on purpose: it is written while the list is drawn, and only ever adds.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #kept = new Set<string>();

  constructor(readonly first: number = firstCards()) {}

  has(id: string, index: number): boolean {
    if (!(index < this.first || this.#near[id] || this.#kept.has(id))) return false;
    this.#kept.add(id);
    return true;
  }

  came(id: string): void {
    this.#near[id] = true;
  }
}
