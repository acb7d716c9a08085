/** Keyboard behaviour shared by inline forms. */
import type { Action } from 'svelte/action';

/** `use:onEscape={cancel}`: Escape anywhere inside the element calls `cancel`. */
export const onEscape: Action<HTMLElement, () => void> = (node, initial) => {
  let handler = initial;
  const listener = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    handler();
  };
  node.addEventListener('keydown', listener);
  return {
    update(next: () => void) {
      handler = next;
    },
    destroy() {
      node.removeEventListener('keydown', listener);
    },
  };
};
