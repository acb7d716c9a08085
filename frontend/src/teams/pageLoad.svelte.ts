/** Where a page stands with the data it cannot be shown without. */
import { ApiError } from '../api/errors';

export type PageStatus = 'loading' | 'ready' | 'missing' | 'error';

export class PageLoad {
  status = $state<PageStatus>('loading');
  /** For the error banner: the server's own message where it sent one. */
  error = $state('');

  readonly #loader: () => Promise<void>;
  readonly #fallback: string;

  /**
   * `loader` fetches and stores whatever the page needs and throws when it cannot; `fallback` is
   * the message for failures the server did not explain.
   */
  constructor(loader: () => Promise<void>, fallback: string) {
    this.#loader = loader;
    this.#fallback = fallback;
  }

  /** An arrow function, so that "Try again" can take it as its click handler. */
  load = async (): Promise<void> => {
    this.status = 'loading';
    try {
      await this.#loader();
      this.status = 'ready';
    } catch (err) {
      // Someone else's team, or one that is gone, is told apart from a failed request.
      if (err instanceof ApiError && err.status === 404) this.status = 'missing';
      else {
        this.error = err instanceof ApiError ? err.message : this.#fallback;
        this.status = 'error';
      }
    }
  };
}
