import { describe, expect, it } from 'vitest';
import type { Card, Column } from '../api/types';
import { countFrictions, NO_ROLE } from './frictionCounts';

const columns = [
  { id: 'product', title: 'Product Perspective' },
  { id: 'eng', title: 'Engineering Perspective' },
] as Column[];

function card(over: Partial<Card>): Card {
  return {
    id: Math.random().toString(36),
    column_id: 'product',
    hidden: false,
    friction: null,
    author_role: 'pm',
    ...over,
  } as Card;
}

describe('countFrictions', () => {
  it('counts per column in board order and per role, most tagged first', () => {
    const table = countFrictions(
      [
        card({ column_id: 'eng', friction: 'tech_debt', author_role: 'eng' }),
        card({ column_id: 'eng', friction: 'tech_debt', author_role: 'eng' }),
        card({ column_id: 'product', friction: 'requirements_clarity', author_role: 'pm' }),
        card({ column_id: 'eng', friction: 'requirements_clarity', author_role: 'eng' }),
      ],
      columns,
    );
    expect(table.byColumn.map((r) => [r.key, r.total])).toEqual([
      ['product', 1],
      ['eng', 3],
    ]);
    expect(table.byColumn[1]!.counts.tech_debt).toBe(2);
    expect(table.byRole.map((r) => r.key)).toEqual(['eng', 'pm']);
    expect(table.totals.requirements_clarity).toBe(2);
    expect(table.tagged).toBe(4);
  });

  it('leaves hidden cards out and counts untagged ones apart', () => {
    const table = countFrictions(
      [card({ hidden: true, friction: null }), card({ friction: null })],
      columns,
    );
    expect(table.tagged).toBe(0);
    expect(table.untagged).toBe(1);
    expect(table.byColumn).toEqual([]);
  });

  it('puts cards whose role is withheld under one row', () => {
    const table = countFrictions(
      [card({ friction: 'estimation', author_role: null as unknown as Card['author_role'] })],
      columns,
    );
    expect(table.byRole.map((r) => r.key)).toEqual([NO_ROLE]);
  });
});
