import { describe, expect, it } from 'vitest';
import type { Card, Column } from '../api/types';
import { arrangeBoard, defaultPolarity, keepPolarity, polarityChoices, shownColumn, tabStep } from './layout';

function column(id: string, position: number, polarities: Column['polarities'] = []): Column {
  return { id, retro_id: 'r1', title: id.toUpperCase(), position, polarities };
}

function card(id: string, column_id: string, created_at: string): Card {
  return {
    id,
    retro_id: 'r1',
    column_id,
    text: id,
    polarity: 'went_well',
    friction: null,
    author_role: 'pm',
    author_kind: 'member',
    author_id: 'u1',
    author_name: 'Ada',
    is_mine: true,
    created_at,
    updated_at: created_at,
  };
}

describe('arrangeBoard', () => {
  it('orders columns by position and cards oldest first', () => {
    const board = arrangeBoard(
      [column('b', 1), column('a', 0), column('c', 2)],
      [
        card('2', 'a', '2026-11-24T10:05:00Z'),
        card('1', 'a', '2026-11-24T10:00:00Z'),
        card('3', 'c', '2026-11-24T10:01:00Z'),
        card('x', 'gone', '2026-11-24T10:01:00Z'),
      ],
    );
    expect(board.map((c) => c.column.id)).toEqual(['a', 'b', 'c']);
    expect(board.map((c) => c.cards.map((k) => k.id))).toEqual([['1', '2'], [], ['3']]);
  });
});

describe('polarity choices', () => {
  it('follows the column, first one is the default', () => {
    const col = column('a', 0, ['proposal']);
    expect(polarityChoices(col)).toEqual(['proposal']);
    expect(defaultPolarity(column('b', 0, ['didnt_go_well', 'went_well']))).toBe('didnt_go_well');
  });

  it('offers everything when a column lists nothing', () => {
    expect(polarityChoices(column('a', 0))).toEqual(['went_well', 'didnt_go_well', 'proposal']);
  });

  it('keeps a choice only when the column accepts it', () => {
    const col = column('a', 0, ['went_well', 'didnt_go_well']);
    expect(keepPolarity(col, 'didnt_go_well')).toBe('didnt_go_well');
    expect(keepPolarity(col, 'proposal')).toBe('went_well');
  });
});

describe('the column tabs of a phone', () => {
  it('move with the arrows, wrapping round, and jump with Home and End', () => {
    expect(tabStep('ArrowRight', 0, 3)).toBe(1);
    expect(tabStep('ArrowRight', 2, 3)).toBe(0);
    expect(tabStep('ArrowLeft', 0, 3)).toBe(2);
    expect(tabStep('ArrowLeft', 2, 3)).toBe(1);
    expect(tabStep('Home', 2, 3)).toBe(0);
    expect(tabStep('End', 0, 3)).toBe(2);
    expect(tabStep('Enter', 1, 3)).toBeNull();
    expect(tabStep('ArrowRight', 0, 0)).toBeNull();
  });

  it('show the picked column while it exists, else the first', () => {
    const board = arrangeBoard([column('a', 0), column('b', 1)], []);
    expect(shownColumn(board, 'b')?.column.id).toBe('b');
    expect(shownColumn(board, 'gone')?.column.id).toBe('a');
    expect(shownColumn(board, null)?.column.id).toBe('a');
    expect(shownColumn([], 'a')).toBeNull();
  });
});
