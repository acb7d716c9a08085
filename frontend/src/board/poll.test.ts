import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPolling, type PollTarget } from './poll';

function fakeTarget() {
  let visible = true;
  const listeners = new Set<() => void>();
  const target: PollTarget = {
    isVisible: () => visible,
    onVisibilityChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const setVisible = (value: boolean) => {
    visible = value;
    listeners.forEach((l) => l());
  };
  return { target, setVisible, listeners };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('startPolling', () => {
  it('runs every interval while visible', async () => {
    const run = vi.fn(async () => {});
    const { target } = fakeTarget();
    const stop = startPolling(run, 5000, target);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(2);
    stop();
    await vi.advanceTimersByTimeAsync(20000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('pauses while hidden and refreshes at once when visible again', async () => {
    const run = vi.fn(async () => {});
    const { target, setVisible, listeners } = fakeTarget();
    const stop = startPolling(run, 5000, target);
    setVisible(false);
    await vi.advanceTimersByTimeAsync(60000);
    expect(run).not.toHaveBeenCalled();
    setVisible(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('keeps going after a failed run', async () => {
    const run = vi.fn(async () => {
      throw new Error('offline');
    });
    const { target } = fakeTarget();
    const stop = startPolling(run, 1000, target);
    await vi.advanceTimersByTimeAsync(3000);
    expect(run).toHaveBeenCalledTimes(3);
    stop();
  });
});
