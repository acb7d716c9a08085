/**
 * Loads where only the latest counts, as when someone clicks through periods faster than the
 * server answers: starting one aborts the one before, so an old answer never replaces a newer
 * one, and `busy` says whether the latest is still on its way.
 */
export class LatestLoad {
  busy = $state(false);
  #current: AbortController | null = null;

  /** The answer in a box, or null when a later load replaced this one; failures are thrown. */
  async run<T>(load: (signal: AbortSignal) => Promise<T>): Promise<{ value: T } | null> {
    this.#current?.abort();
    const mine = new AbortController();
    this.#current = mine;
    this.busy = true;
    try {
      return { value: await load(mine.signal) };
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return null;
      throw err;
    } finally {
      if (this.#current === mine) this.busy = false;
    }
  }

  /** Forget any load on its way (nothing is to be shown any more). */
  cancel() {
    this.#current?.abort();
    this.#current = null;
    this.busy = false;
  }
}
