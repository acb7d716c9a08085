/**
 * What guides the conversation on one board: the sprint's signals (fetched again whenever the
 * board says they changed) and the template's prompts. Shared through context, so the panels
 * deep in the board read it without every component in between passing it on.
 */
import { getContext, setContext } from 'svelte';
import { ApiError } from '../api/errors';
import * as signalsApi from '../api/signals';
import type { RetroPrompts, RetroSignals } from '../api/types';
import { guidanceWords } from './guidance.messages';

export class Guidance {
  readonly retroId: string;
  signals = $state<RetroSignals | null>(null);
  signalsError = $state('');
  prompts = $state<RetroPrompts | null>(null);
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
        this.signalsError = err instanceof ApiError ? err.message : guidanceWords.get().signalsFailed;
      }
    }
  }

  /** An answer to our own change is the newest state there is. */
  setSignals(answer: RetroSignals): void {
    this.#ticket += 1;
    this.signals = answer;
    this.signalsError = '';
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
