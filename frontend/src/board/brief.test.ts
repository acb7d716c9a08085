import { describe, expect, it } from 'vitest';
import type { Card } from '../api/types';
import { authorOf, briefLine, roleOf } from './brief';
import { cardWords } from './CardView.messages';

const words = cardWords.get();

function card(over: Partial<Card>): Card {
  return {
    id: 'c1',
    text: 'Edge cases found mid-sprint',
    polarity: 'didnt_go_well',
    friction: 'requirements_clarity',
    author_name: null,
    author_role: 'eng',
    author_kind: 'member',
    is_mine: false,
    hidden: false,
    ...over,
  } as Card;
}

describe('the line of a card drawn in brief', () => {
  it('says what the card in full shows, in its order', () => {
    const line = briefLine(card({ author_name: 'Ana', author_role: 'pm' }), false);
    expect(line).toBe("Didn't go well · Requirements clarity · Ana · Product Manager");
  });

  it('leaves out what the card does not have', () => {
    expect(briefLine(card({ friction: null, author_role: null }), false)).toBe("Didn't go well");
  });

  it('names the reader and the anonymous as the card in full does', () => {
    expect(authorOf(card({ is_mine: true }), true, words)).toBe('You');
    expect(authorOf(card({}), true, words)).toBe('Anonymous');
    expect(authorOf(card({}), false, words)).toBe('');
  });

  it('marks a guest author', () => {
    expect(roleOf(card({ author_kind: 'guest', author_role: 'qa' }), words)).toBe('QA · guest');
  });
});
