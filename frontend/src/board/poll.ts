/**
 * Refresh something every few seconds while the page is visible: paused in a background tab,
 * refreshed at once when the tab comes back. Runs never overlap. Until the live WebSocket
 * arrives, this is how a board sees other people's cards.
 */

export interface PollTarget {
  /** Whether the document is visible (injected so this runs in tests without a DOM). */
  isVisible(): boolean;
  onVisibilityChange(listener: () => void): () => void;
}

export function browserTarget(): PollTarget {
  return {
    isVisible: () => document.visibilityState === 'visible',
    onVisibilityChange(listener) {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

/** Start polling; returns the function that stops it. `run` is not called immediately. */
export function startPolling(
  run: () => Promise<unknown>,
  intervalMs: number,
  target: PollTarget = browserTarget(),
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let stopped = false;

  const schedule = () => {
    if (timer !== null) clearTimeout(timer);
    timer = stopped || !target.isVisible() ? null : setTimeout(tick, intervalMs);
  };

  const tick = async () => {
    timer = null;
    if (stopped || running) return;
    running = true;
    try {
      await run();
    } catch {
      // The caller shows its own errors; polling keeps going so the board recovers by itself.
    } finally {
      running = false;
      schedule();
    }
  };

  const stopListening = target.onVisibilityChange(() => {
    if (stopped) return;
    if (target.isVisible()) void tick();
    else schedule();
  });

  schedule();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    stopListening();
  };
}
