/** How a retro's flat lists become a board: ordered columns, each with its cards in order. */
import type { Card, Column, Polarity } from '../api/types';
import { POLARITIES } from '../vocab/labels';

export interface BoardColumn {
  column: Column;
  cards: Card[];
}

export function arrangeBoard(columns: readonly Column[], cards: readonly Card[]): BoardColumn[] {
  const byColumn = new Map<string, Card[]>();
  for (const card of cards) {
    const list = byColumn.get(card.column_id);
    if (list) list.push(card);
    else byColumn.set(card.column_id, [card]);
  }
  return [...columns]
    .sort((a, b) => a.position - b.position || a.title.localeCompare(b.title))
    .map((column) => ({
      column,
      cards: (byColumn.get(column.id) ?? []).sort(
        (a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.id.localeCompare(b.id),
      ),
    }));
}

/** The polarities a column accepts, in the column's own order; every polarity if it lists none. */
export function polarityChoices(column: Pick<Column, 'polarities'>): Polarity[] {
  return column.polarities.length > 0 ? [...column.polarities] : [...POLARITIES];
}

/** A new card's polarity: the column's first. */
export function defaultPolarity(column: Pick<Column, 'polarities'>): Polarity {
  return polarityChoices(column)[0]!;
}

/** Keep a chosen polarity if the column still accepts it, else fall back to the default. */
export function keepPolarity(column: Pick<Column, 'polarities'>, chosen: Polarity): Polarity {
  return polarityChoices(column).includes(chosen) ? chosen : defaultPolarity(column);
}

export const LANES = 6;

/** A column's colour lane: its place among the board's columns, as the board shows them. */
export function laneOf(columns: readonly Column[], columnId: string): number {
  const ordered = [...columns].sort((a, b) => a.position - b.position || a.title.localeCompare(b.title));
  const index = ordered.findIndex((c) => c.id === columnId);
  return Math.max(index, 0) % LANES;
}

/** Where a key moves the focus in a row of tabs: arrows wrap round, Home and End go to the
 * ends; null for any other key. */
export function tabStep(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
      return index >= last ? 0 : index + 1;
    case 'ArrowLeft':
      return index <= 0 ? last : index - 1;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/** The column a phone shows: the one picked, while it still exists, else the first. */
export function shownColumn(columns: readonly BoardColumn[], picked: string | null): BoardColumn | null {
  return columns.find((c) => c.column.id === picked) ?? columns[0] ?? null;
}
