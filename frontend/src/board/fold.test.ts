import { describe, expect, it } from 'vitest';
import { foldCounts, foldOpen, rememberFold } from './fold';

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

class BrokenStorage extends MemoryStorage {
  override getItem(): string | null {
    throw new Error('denied');
  }
  override setItem(): void {
    throw new Error('quota');
  }
}

describe('the fold of a closed board', () => {
  it('starts closed and remembers each retro on its own', () => {
    const store = new MemoryStorage();
    expect(foldOpen('r1', store)).toBe(false);
    rememberFold('r1', true, store);
    expect(foldOpen('r1', store)).toBe(true);
    expect(foldOpen('r2', store)).toBe(false);
    rememberFold('r1', false, store);
    expect(foldOpen('r1', store)).toBe(false);
  });

  it('stays closed when storage refuses', () => {
    const store = new BrokenStorage();
    expect(() => rememberFold('r1', true, store)).not.toThrow();
    expect(foldOpen('r1', store)).toBe(false);
    expect(foldOpen('r1', null)).toBe(false);
  });

  it('counts topics and cards in its label', () => {
    expect(foldCounts(1, 1)).toBe('1 topic, 1 card');
    expect(foldCounts(0, 7)).toBe('0 topics, 7 cards');
  });
});
