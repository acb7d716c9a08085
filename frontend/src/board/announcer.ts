/**
 * What the board's polite live region says. A screen reader reads every change of that region,
 * so phase changes and the end of the timer are said at once, while other people's new cards,
 * which can arrive by the dozen while everyone writes, are counted and said at most once per
 * window ("3 new cards").
 */
import { announcerWords } from './announcer.messages';

/** The shortest time between two "new cards" announcements. */
export const CARD_WINDOW_MS = 5000;

export interface Clock {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function newCardsText(count: number): string {
  return announcerWords.get().newCards(count);
}

export class Announcer {
  #say: (text: string) => void;
  #clock: Clock;
  #pending = 0;
  #timer: unknown = null;
  // A region whose text does not change is not read again: repeated texts alternate a
  // trailing no-break space so the second "1 new card." is heard too.
  #last = '';

  constructor(say: (text: string) => void, clock: Clock = realClock) {
    this.#say = say;
    this.#clock = clock;
  }

  /** Said now: a phase change, the timer running out. */
  now(text: string): void {
    this.#emit(text);
  }

  /** Someone else's card arrived; said with the others of the same window. */
  newCard(): void {
    this.#pending += 1;
    if (this.#timer === null) {
      this.#timer = this.#clock.setTimeout(() => this.#flush(), CARD_WINDOW_MS);
    }
  }

  /** The board went away: nothing more is said. */
  stop(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = 0;
  }

  #flush(): void {
    this.#timer = null;
    const count = this.#pending;
    this.#pending = 0;
    if (count > 0) this.#emit(newCardsText(count));
  }

  #emit(text: string): void {
    const said = text === this.#last ? `${text}\u00a0` : text;
    this.#last = said;
    this.#say(said);
  }
}
