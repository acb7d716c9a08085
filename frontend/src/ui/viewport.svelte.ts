/**
 * Whether the screen is phone-narrow. Most of the phone layout is CSS; this is for the few
 * places where a phone gets different markup (one board column at a time, folded panels, the
 * facilitator's controls in one menu) rather than the same markup squeezed.
 */
export const NARROW_QUERY = '(max-width: 760px)';

class Viewport {
  narrow = $state(false);

  constructor() {
    const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(NARROW_QUERY) : null;
    if (!query) return;
    this.narrow = query.matches;
    query.addEventListener('change', (e) => (this.narrow = e.matches));
  }
}

export const viewport = new Viewport();
