import { describe, expect, it } from 'vitest';
import type { ActionView, Card } from '../api/types';
import { actionsFor, describeSummary, splitCurrent, summarise } from './discussion';

const topics = [
  { id: 'g1', votes: 5 },
  { id: 'k3', votes: 3 },
  { id: 'g2', votes: 1 },
];

function action(id: string, topic_id: string | null): ActionView {
  return { id, title: id, owner_user_id: null, owner_name: null, due: null, status: 'open', topic_id, created_at: '2026-11-24T10:00:00Z' };
}

const card = (id: string) => ({ id }) as Card;

describe('splitCurrent', () => {
  it('takes the current topic out and keeps the others in order', () => {
    const { current, others } = splitCurrent(topics, 'k3');
    expect(current?.id).toBe('k3');
    expect(others.map((t) => t.id)).toEqual(['g1', 'g2']);
  });

  it('has no current topic before the facilitator picks one', () => {
    for (const id of [null, undefined, '']) {
      const { current, others } = splitCurrent(topics, id);
      expect(current).toBeNull();
      expect(others.map((t) => t.id)).toEqual(['g1', 'k3', 'g2']);
    }
  });

  it('ignores a current topic that is no longer on the board', () => {
    const { current, others } = splitCurrent(topics, 'gone');
    expect(current).toBeNull();
    expect(others).toHaveLength(3);
  });

  it('returns a new list, leaving the input alone', () => {
    const { others } = splitCurrent(topics, null);
    expect(others).not.toBe(topics);
    expect(topics).toHaveLength(3);
  });
});

describe('topic summaries', () => {
  const retro = {
    notes: { g1: 'Quarantine flaky tests', g2: '   ' },
    actions: [action('a1', 'g1'), action('a2', null), action('a3', 'g1'), action('a4', 'k3')],
  };

  it('counts votes, cards and action items, and sees notes', () => {
    expect(summarise({ id: 'g1', votes: 5, cards: [card('x'), card('y')] }, retro)).toEqual({
      votes: 5,
      cards: 2,
      hasNotes: true,
      actions: 2,
    });
  });

  it('does not count blank notes as notes', () => {
    expect(summarise({ id: 'g2', votes: 0, cards: [] }, retro).hasNotes).toBe(false);
    expect(summarise({ id: 'k9', votes: 0, cards: [] }, retro).hasNotes).toBe(false);
  });

  it('lists the action items of one topic only', () => {
    expect(actionsFor(retro, 'g1').map((a) => a.id)).toEqual(['a1', 'a3']);
    expect(actionsFor(retro, 'g2')).toEqual([]);
  });

  it('reads as one sentence', () => {
    expect(describeSummary({ votes: 1, cards: 1, hasNotes: false, actions: 0 })).toBe('1 vote, 1 card');
    expect(describeSummary({ votes: 0, cards: 3, hasNotes: true, actions: 2 })).toBe(
      '0 votes, 3 cards, has notes, 2 action items',
    );
    expect(describeSummary({ votes: 2, cards: 1, hasNotes: false, actions: 1 })).toBe('2 votes, 1 card, 1 action item');
  });
});
