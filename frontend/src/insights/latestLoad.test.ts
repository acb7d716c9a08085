import { describe, expect, it } from 'vitest';
import { LatestLoad } from './latestLoad.svelte';

/** A load that answers `value` when told to, or fails as fetch does when aborted. */
function pending<T>(value: T) {
  let answer = () => {};
  const load = (signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      answer = () => resolve(value);
    });
  return { load, answer: () => answer() };
}

describe('LatestLoad', () => {
  it('keeps only the latest answer and is busy until it comes', async () => {
    const latest = new LatestLoad();
    const first = pending('old');
    const second = pending('new');
    const one = latest.run(first.load);
    const two = latest.run(second.load);
    expect(latest.busy).toBe(true);
    expect(await one).toBeNull();
    expect(latest.busy).toBe(true);
    second.answer();
    expect(await two).toEqual({ value: 'new' });
    expect(latest.busy).toBe(false);
  });

  it('passes failures on, and cancels on request', async () => {
    const latest = new LatestLoad();
    await expect(latest.run(() => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(latest.busy).toBe(false);
    const slow = pending(1);
    const run = latest.run(slow.load);
    latest.cancel();
    expect(await run).toBeNull();
    expect(latest.busy).toBe(false);
  });
});
