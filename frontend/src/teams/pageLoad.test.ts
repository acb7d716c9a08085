import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { PageLoad } from './pageLoad.svelte';

describe('PageLoad', () => {
  it('starts out loading', () => {
    expect(new PageLoad(async () => {}, 'Could not load.').status).toBe('loading');
  });

  it('is ready once the loader has finished', async () => {
    let loaded = false;
    const page = new PageLoad(async () => {
      loaded = true;
    }, 'Could not load.');
    await page.load();
    expect(loaded).toBe(true);
    expect(page.status).toBe('ready');
  });

  it('is missing on a 404', async () => {
    const page = new PageLoad(async () => {
      throw new ApiError(404, 'not_found', 'No such team.');
    }, 'Could not load.');
    await page.load();
    expect(page.status).toBe('missing');
    expect(page.error).toBe('');
  });

  it("shows the server's message for any other API error", async () => {
    const page = new PageLoad(async () => {
      throw new ApiError(500, 'server_error', 'The server had a problem.');
    }, 'Could not load.');
    await page.load();
    expect(page.status).toBe('error');
    expect(page.error).toBe('The server had a problem.');
  });

  it('falls back to its own message when the failure is not from the API', async () => {
    const page = new PageLoad(async () => {
      throw new TypeError('x is undefined');
    }, 'Could not load the rituals.');
    await page.load();
    expect(page.status).toBe('error');
    expect(page.error).toBe('Could not load the rituals.');
  });

  it('is loading again while a retry runs', async () => {
    let fail = true;
    let release = () => {};
    const page = new PageLoad(async () => {
      if (fail) throw new ApiError(0, 'network_error', 'Could not reach the server.');
      await new Promise<void>((resolve) => (release = resolve));
    }, 'Could not load.');
    await page.load();
    expect(page.status).toBe('error');

    fail = false;
    const retry = page.load();
    expect(page.status).toBe('loading');
    release();
    await retry;
    expect(page.status).toBe('ready');
  });
});
