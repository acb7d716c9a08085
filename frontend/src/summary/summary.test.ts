import { describe, expect, it } from 'vitest';
import type { EqualVoice, SideTally, SummaryTopic } from '../api/types';
import { peopleLine, percent, sideCount, topicHeading, voiceRows } from './summary';

const tally = (product: number, engineering: number): SideTally => ({
  product,
  engineering,
  apart: 0,
  joint: 0,
  product_share: product + engineering ? product / (product + engineering) : null,
  engineering_share: product + engineering ? engineering / (product + engineering) : null,
});

describe('closing summary words', () => {
  it('rounds shares to whole percents and shows a dash for nothing', () => {
    expect(percent(0.4285)).toBe('43%');
    expect(percent(0)).toBe('0%');
    expect(percent(null)).toBe('—');
  });

  it('counts people by role, largest group first', () => {
    expect(peopleLine({ pm: 1, eng: 3, em: 0 })).toBe('3 Engineers, 1 Product Manager');
    expect(peopleLine({})).toBe('Nobody joined the board');
  });

  it('heads a topic with its group title or its only card', () => {
    const card = { id: 'c', column_id: 'k', column_title: 'Product', text: 'Specs late', polarity: null, friction: null, author_role: null, author_name: null };
    const topic: SummaryTopic = { id: 'c', title: null, votes: 0, notes: null, cards: [card] };
    expect(topicHeading(topic)).toBe('Specs late');
    expect(topicHeading({ ...topic, title: 'Release' })).toBe('Release');
  });

  it('lists only the measures that are shown', () => {
    const voice: EqualVoice = { shown: true, people: tally(2, 3), cards: tally(1, 4), votes: null, notes: null, actions: null, flags: [] };
    expect(voiceRows(voice).map((r) => r.label)).toEqual(['People', 'Cards']);
    expect(sideCount(2, 1)).toBe('2 + 1 joint');
    expect(sideCount(2, 0)).toBe('2');
  });
});
