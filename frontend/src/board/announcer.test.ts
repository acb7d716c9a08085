import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Announcer, CARD_WINDOW_MS, newCardsText } from './announcer';

describe('Announcer', () => {
  let said: string[];
  let announcer: Announcer;

  beforeEach(() => {
    vi.useFakeTimers();
    said = [];
    announcer = new Announcer((text) => said.push(text));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('says a phase change at once', () => {
    announcer.now('The retro moved to Vote.');
    expect(said).toEqual(['The retro moved to Vote.']);
  });

  it('counts new cards and says them once per window', () => {
    announcer.newCard();
    announcer.newCard();
    expect(said).toEqual([]);
    vi.advanceTimersByTime(CARD_WINDOW_MS - 1);
    announcer.newCard();
    expect(said).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(said).toEqual(['3 new cards.']);
    vi.advanceTimersByTime(CARD_WINDOW_MS * 3);
    expect(said).toEqual(['3 new cards.']);
  });

  it('says at most one card announcement per window however many arrive', () => {
    for (let i = 0; i < 50; i += 1) {
      announcer.newCard();
      vi.advanceTimersByTime(CARD_WINDOW_MS / 10);
    }
    vi.advanceTimersByTime(CARD_WINDOW_MS);
    // 50 cards over 25 seconds: five announcements, never one per card.
    expect(said.length).toBe(5);
    const total = said.map((s) => Number.parseInt(s, 10)).reduce((a, b) => a + b, 0);
    expect(total).toBe(50);
  });

  it('makes a repeated text differ so it is read again', () => {
    announcer.newCard();
    vi.advanceTimersByTime(CARD_WINDOW_MS);
    announcer.newCard();
    vi.advanceTimersByTime(CARD_WINDOW_MS);
    expect(said).toHaveLength(2);
    expect(said[0]).toBe('1 new card.');
    expect(said[1]).not.toBe(said[0]);
    expect(said[1]?.trim()).toBe('1 new card.');
  });

  it('says nothing pending once stopped', () => {
    announcer.newCard();
    announcer.stop();
    vi.advanceTimersByTime(CARD_WINDOW_MS * 2);
    expect(said).toEqual([]);
  });

  it('words one card and many', () => {
    expect(newCardsText(1)).toBe('1 new card.');
    expect(newCardsText(4)).toBe('4 new cards.');
  });
});
