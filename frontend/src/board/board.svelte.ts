/**
 * One open board, kept live over its WebSocket (see ../live/client.ts). Every card, group, vote
 * and phase change is a command; what is shown is the server's state as its events describe it.
 * Columns are still managed through REST; their changes come back as events too.
 */
import { ApiError } from '../api/errors';
import * as retrosApi from '../api/retros';
import type { Column, ColumnCreate, ColumnUpdate, Retro } from '../api/types';
import {
  CLOSE_NOT_FOUND,
  CLOSE_SIGNED_OUT,
  CommandError,
  LiveClient,
  type Ack,
  type ConnectionState,
} from '../live/client';
import type { BoardEvent, Command, PresenceEntry } from '../live/protocol';
import { phaseLabel } from '../live/view';
import { Announcer } from './announcer';
import { announcerWords } from './announcer.messages';

export class Board {
  readonly id: string;
  // Raw, not deeply reactive: the reducer never changes a board in place but makes a new one
  // that keeps every unchanged card, column and list as it was, so an event re-renders only what
  // it changed, and a 2,000-card board is not wrapped in proxies on every snapshot.
  retro = $state.raw<Retro | null>(null);
  status = $state<'loading' | 'ready' | 'missing' | 'error'>('loading');
  /** Why the board cannot be shown (a final close before the first snapshot). */
  error = $state('');
  connection = $state<ConnectionState>('connecting');
  /** Commands wait because the server cannot store them just now; they go out again by themselves. */
  savingPaused = $state(false);
  /** Why the connection ended for good (4401/4403/4404), shown in the header. */
  closedMessage = $state('');
  presence = $state<PresenceEntry[]>([]);
  /** The server cannot reach its peers for now: others' changes may arrive late. */
  delayed = $state(false);
  /** Server clock minus ours, in ms. */
  clockOffset = $state(0);
  /** Text for the polite live region: phase changes, the timer's end, others' new cards. */
  announcement = $state('');
  /** Goes up whenever the sprint's signals may have changed (and on every snapshot, which may
   * follow missed events), so whatever shows them fetches them again. */
  signalsVersion = $state(0);
  /** The same for the health radar: up on every snapshot and every `radar_changed`. */
  radarVersion = $state(0);

  #client: LiveClient;
  #announcer = new Announcer((text) => (this.announcement = text));

  constructor(id: string) {
    this.id = id;
    this.#client = new LiveClient(id, {
      board: (state, cause) => this.#onBoard(state, cause),
      connection: (state, message, closeCode) => {
        this.connection = state;
        if (state === 'closed') {
          this.closedMessage = message;
          const lostAccess = closeCode === CLOSE_NOT_FOUND || closeCode === CLOSE_SIGNED_OUT;
          if (this.retro === null && closeCode === CLOSE_NOT_FOUND) {
            this.status = 'missing';
          } else if (this.retro === null || lostAccess) {
            // Someone removed from the team or signed out keeps nothing of the board on screen.
            this.error = message;
            this.status = 'error';
            this.presence = [];
          }
        }
      },
      presence: (participants) => (this.presence = participants),
      liveStatus: (delayed) => (this.delayed = delayed),
      clock: (offset) => (this.clockOffset = offset),
      saving: (paused) => (this.savingPaused = paused),
    });
  }

  start(): () => void {
    this.#client.start();
    return () => {
      this.#client.stop();
      this.#announcer.stop();
    };
  }

  /** The timer of the phase ran out (seen by the phase bar, which keeps the clock). */
  timerEnded(): void {
    this.#announcer.now(announcerWords.get().timeUp);
  }

  #onBoard(state: Retro, cause: 'snapshot' | BoardEvent): void {
    const before = this.retro?.phase;
    this.retro = state;
    this.status = 'ready';
    if (cause === 'snapshot' || cause.type === 'signals_changed') this.signalsVersion += 1;
    if (cause === 'snapshot' || cause.type === 'radar_changed') this.radarVersion += 1;
    if (cause !== 'snapshot' && cause.type === 'phase_changed' && before !== state.phase) {
      this.#announcer.now(announcerWords.get().moved({ phase: phaseLabel(state.phase) }));
    }
    if (cause !== 'snapshot' && cause.type === 'card_added' && !this.#isMine(state, cause.card.id)) {
      this.#announcer.newCard();
    }
  }

  #isMine(state: Retro, cardId: string): boolean {
    return state.cards.find((c) => c.id === cardId)?.is_mine ?? false;
  }

  /** Send a command; failures come back as an ApiError carrying the server's message. */
  async send(command: Command): Promise<Ack> {
    try {
      return await this.#client.send(command);
    } catch (err) {
      if (err instanceof CommandError) {
        const status = err.code === 'validation_error' ? 422 : 409;
        throw new ApiError(status, err.code, err.message, normaliseDetails(err.details), err.params);
      }
      throw err;
    }
  }

  async addColumn(body: ColumnCreate): Promise<Column> {
    return retrosApi.addColumn(this.id, body);
  }

  async updateColumn(id: string, body: ColumnUpdate): Promise<Column> {
    return retrosApi.updateColumn(id, body);
  }

  async deleteColumn(id: string): Promise<void> {
    await retrosApi.deleteColumn(id);
  }
}

/** The socket's validation details say `command.text`; forms know fields as `text`. */
function normaliseDetails(details: unknown): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((d: unknown) => {
    if (typeof d !== 'object' || d === null) return d;
    const { field, message } = d as { field?: unknown; message?: unknown };
    const name = typeof field === 'string' ? field.split('.').at(-1) : undefined;
    return { field: name ?? '', message };
  });
}
