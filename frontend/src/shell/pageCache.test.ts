import { describe, expect, it } from 'vitest';
import type { Component } from 'svelte';
import { loadedPage, loadPage } from './pageCache';
import type { PageProps } from './routes';

const page = (() => {}) as unknown as Component<PageProps>;

describe('page cache', () => {
  it('fetches a page once and then answers from memory', async () => {
    let calls = 0;
    const load = () => {
      calls += 1;
      return Promise.resolve({ default: page });
    };
    expect(loadedPage(load)).toBeNull();
    expect(await loadPage(load)).toBe(page);
    expect(await loadPage(load)).toBe(page);
    expect(loadedPage(load)).toBe(page);
    expect(calls).toBe(1);
  });

  it('remembers nothing from a failed fetch, so a retry fetches again', async () => {
    let calls = 0;
    const load = () => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve({ default: page });
    };
    await expect(loadPage(load)).rejects.toThrow('offline');
    expect(loadedPage(load)).toBeNull();
    expect(await loadPage(load)).toBe(page);
    expect(calls).toBe(2);
  });
});
