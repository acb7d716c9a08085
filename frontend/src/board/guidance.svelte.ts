/**
 * What guides the conversation on one board: the sprint's signals (fetched again whenever the
 * board says they changed) and the template's prompts. Shared through context, so the panels
 * deep in the board read it without every component in between passing it on.
 */
import { getContext, setContext } from 'svelte';
import { ApiError } from '../api/errors';
import * as debtApi from '../api/debt';
import * as signalsApi from '../api/signals';
import type { RetroPrompts, RetroSignals } from '../api/types';

export class Guidance {
  readonly retroId: string;
  signals = $state<RetroSignals | null>(null);
  signalsError = $state('');
  prompts = $state<RetroPrompts | null>(null);
  /** Cards already in the tech-debt backlog (members only), so the board doesn't offer them
   * again after a reload. */
  inBacklog = $state<Record<string, true>>({});
  #backlogLoaded = false;
  /** Only the latest request may write: answers can arrive out of order. */
  #ticket = 0;

  constructor(retroId: string) {
    this.retroId = retroId;
  }

  async loadSignals(): Promise<void> {
    const ticket = ++this.#ticket;
    try {
      const answer = await signalsApi.getSignals(this.retroId);
      if (ticket === this.#ticket) {
        this.signals = answer;
        this.signalsError = '';
      }
    } catch (err) {
      if (ticket === this.#ticket) {
        this.signalsError = err instanceof ApiError ? err.message : 'Could not load the signals.';
      }
    }
  }

  /** An answer to our own change is the newest state there is. */
  setSignals(answer: RetroSignals): void {
    this.#ticket += 1;
    this.signals = answer;
    this.signalsError = '';
  }

  async loadBacklog(): Promise<void> {
    if (this.#backlogLoaded) return;
    this.#backlogLoaded = true;
    try {
      const found = await debtApi.backlogCards(this.retroId);
      for (const { card_id } of found) this.inBacklog[card_id] = true;
    } catch {
      // Without it the button is offered again and answers "Already in backlog".
      this.#backlogLoaded = false;
    }
  }

  markInBacklog(cardId: string): void {
    this.inBacklog[cardId] = true;
  }

  async loadPrompts(): Promise<void> {
    try {
      this.prompts = await signalsApi.getRetroPrompts(this.retroId);
    } catch {
      // Prompts are a help, not the board: without them the board still works.
      this.prompts = null;
    }
  }
}

const KEY = Symbol('guidance');

export function provideGuidance(guidance: Guidance): void {
  setContext(KEY, guidance);
}

export function useGuidance(): Guidance | undefined {
  return getContext<Guidance | undefined>(KEY);
}
