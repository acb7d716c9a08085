/**
 * Friction points counted per column and per author role, from the cards this viewer can see.
 * Counting only visible cards keeps hidden cards hidden: before the reveal a person's table
 * holds their own cards alone, and in anonymous retros cards whose role is withheld are counted
 * under "role not shown" rather than guessed.
 */
import type { Card, Column, Friction, Role } from '../api/types';
import { FRICTIONS } from '../vocab/labels';

export type FrictionRow = {
  key: string;
  counts: Record<Friction, number>;
  total: number;
};

export type FrictionTable = {
  byColumn: FrictionRow[];
  byRole: FrictionRow[];
  totals: Record<Friction, number>;
  tagged: number;
  untagged: number;
};

export const NO_ROLE = 'hidden';

function empty(): Record<Friction, number> {
  return Object.fromEntries(FRICTIONS.map((f) => [f, 0])) as Record<Friction, number>;
}

function bump(rows: Map<string, FrictionRow>, key: string, friction: Friction): void {
  let row = rows.get(key);
  if (!row) {
    row = { key, counts: empty(), total: 0 };
    rows.set(key, row);
  }
  row.counts[friction] += 1;
  row.total += 1;
}

export function countFrictions(cards: readonly Card[], columns: readonly Column[]): FrictionTable {
  const byColumn = new Map<string, FrictionRow>();
  const byRole = new Map<string, FrictionRow>();
  const totals = empty();
  let tagged = 0;
  let untagged = 0;
  for (const card of cards) {
    if (card.hidden) continue;
    if (!card.friction) {
      untagged += 1;
      continue;
    }
    tagged += 1;
    totals[card.friction] += 1;
    bump(byColumn, card.column_id, card.friction);
    bump(byRole, card.author_role ?? NO_ROLE, card.friction);
  }
  const columnOrder = new Map(columns.map((c, i) => [c.id, i]));
  return {
    byColumn: [...byColumn.values()].sort(
      (a, b) => (columnOrder.get(a.key) ?? 99) - (columnOrder.get(b.key) ?? 99),
    ),
    byRole: [...byRole.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)),
    totals,
    tagged,
    untagged,
  };
}

/** The roles a table row key can name, for labelling; anything else is the withheld role. */
export function isRole(key: string): key is Role {
  return key !== NO_ROLE;
}
