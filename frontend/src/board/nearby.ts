/** Tells a card drawn in brief that it is about to be seen, so that it draws itself in full. */

const waiting = new Map<Element, () => void>();
let observer: IntersectionObserver | undefined;

function forget(element: Element) {
  waiting.delete(element);
  observer?.unobserve(element);
}

/** Run `then` once `element` comes within a window height of the window: far enough that Tab,
 * a scroll of a screen or a jump to a search hit finds it already in full. Returns a function
 * that stops waiting. One observer serves every card of the page, however many there are. */
export function whenNear(element: Element, then: () => void): () => void {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const near = waiting.get(entry.target);
        forget(entry.target);
        near?.();
      }
    },
    { rootMargin: '100% 0px' },
  );
  waiting.set(element, then);
  observer.observe(element);
  return () => forget(element);
}
