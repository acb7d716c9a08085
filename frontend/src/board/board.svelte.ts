/**
 * One open board: the retro as last seen from the server, kept fresh by polling and by our own
 * changes. Our changes show at once (from the API's answer) and are then confirmed by a refetch;
 * a refetch that started before a change is ignored when it lands, so it cannot undo it.
 */
import { ApiError } from '../api/errors';
import * as retrosApi from '../api/retros';
import type {
  Card,
  CardCreate,
  CardUpdate,
  Column,
  ColumnCreate,
  ColumnUpdate,
  Retro,
} from '../api/types';

export class Board {
  readonly id: string;
  retro = $state<Retro | null>(null);
  status = $state<'loading' | 'ready' | 'missing' | 'error'>('loading');
  /** Why the first load failed. */
  error = $state('');
  /** The last background refresh failed; what is shown may be out of date. */
  stale = $state(false);

  #requested = 0;
  #applied = 0;

  constructor(id: string) {
    this.id = id;
  }

  async refresh(): Promise<void> {
    const ticket = ++this.#requested;
    try {
      const retro = await retrosApi.getRetro(this.id);
      if (ticket <= this.#applied) return;
      this.#applied = ticket;
      this.retro = retro;
      this.status = 'ready';
      this.stale = false;
    } catch (err) {
      if (ticket <= this.#applied) return;
      if (err instanceof ApiError && err.status === 404) {
        this.status = 'missing';
      } else if (this.status === 'loading' || this.status === 'error') {
        this.error = err instanceof ApiError ? err.message : 'Could not load the board.';
        this.status = 'error';
      } else {
        this.stale = true;
      }
      throw err;
    }
  }

  /** Apply a change we just made, and make any refetch already under way stale. */
  #local(change: (retro: Retro) => Retro): void {
    this.#applied = ++this.#requested;
    if (this.retro) this.retro = change(this.retro);
    void this.refresh().catch(() => undefined);
  }

  async addCard(body: CardCreate): Promise<Card> {
    const card = await retrosApi.addCard(this.id, body);
    this.#local((r) => ({ ...r, cards: [...r.cards.filter((c) => c.id !== card.id), card] }));
    return card;
  }

  async updateCard(id: string, body: CardUpdate): Promise<Card> {
    const card = await retrosApi.updateCard(id, body);
    this.#local((r) => ({ ...r, cards: r.cards.map((c) => (c.id === id ? card : c)) }));
    return card;
  }

  async deleteCard(id: string): Promise<void> {
    await retrosApi.deleteCard(id);
    this.#local((r) => ({ ...r, cards: r.cards.filter((c) => c.id !== id) }));
  }

  async addColumn(body: ColumnCreate): Promise<Column> {
    const column = await retrosApi.addColumn(this.id, body);
    this.#local((r) => ({ ...r, columns: [...r.columns.filter((c) => c.id !== column.id), column] }));
    return column;
  }

  async updateColumn(id: string, body: ColumnUpdate): Promise<Column> {
    const column = await retrosApi.updateColumn(id, body);
    this.#local((r) => ({ ...r, columns: r.columns.map((c) => (c.id === id ? column : c)) }));
    return column;
  }

  async deleteColumn(id: string): Promise<void> {
    await retrosApi.deleteColumn(id);
    this.#local((r) => ({ ...r, columns: r.columns.filter((c) => c.id !== id) }));
  }
}
