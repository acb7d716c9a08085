import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, setCsrfToken, setUnauthenticatedHandler } from './client';
import { ApiError } from './errors';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

let calls: Call[];
let replies: Array<(call: Call) => Response>;

beforeEach(() => {
  calls = [];
  replies = [];
  setCsrfToken(null, null);
  setUnauthenticatedHandler(null);
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const call: Call = {
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body ? JSON.parse(init.body as string) : undefined,
      credentials: init.credentials,
    };
    calls.push(call);
    const reply = replies.shift();
    if (!reply) throw new TypeError('no reply queued');
    return reply(call);
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('api client', () => {
  it('sends GETs same-origin without a CSRF header', async () => {
    setCsrfToken('tok');
    replies.push(() => json(200, [{ id: 't1' }]));
    await expect(api.get('/api/teams')).resolves.toEqual([{ id: 't1' }]);
    expect(calls[0]!.credentials).toBe('same-origin');
    expect(calls[0]!.headers['X-CSRF-Token']).toBeUndefined();
  });

  it('loads the CSRF token from the session before the first write', async () => {
    replies.push(() => json(200, { user: null, guest: null, csrf_token: 'abc' }));
    replies.push(() => json(201, { id: 't1' }));
    await api.post('/api/teams', { name: 'Core', role: 'pm' });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/auth/session',
      'POST /api/teams',
    ]);
    expect(calls[1]!.headers['X-CSRF-Token']).toBe('abc');
    expect(calls[1]!.headers['Content-Type']).toBe('application/json');
    expect(calls[1]!.body).toEqual({ name: 'Core', role: 'pm' });
  });

  it('refreshes the token and retries once on csrf_failed', async () => {
    setCsrfToken('stale', 'u:u1');
    replies.push(() => json(403, { error: { code: 'csrf_failed', message: 'CSRF.' } }));
    replies.push(() => json(200, { user: { id: 'u1' }, guest: null, csrf_token: 'fresh' }));
    replies.push(() => new Response(null, { status: 204 }));
    await expect(api.delete('/api/cards/c1')).resolves.toBeUndefined();
    expect(calls.map((c) => c.headers['X-CSRF-Token'] ?? '-')).toEqual(['stale', '-', 'fresh']);
  });

  it('does not resend a write as someone else after csrf_failed', async () => {
    setCsrfToken('stale', 'u:u1');
    replies.push(() => json(403, { error: { code: 'csrf_failed', message: 'CSRF.' } }));
    replies.push(() => json(200, { user: { id: 'u2' }, guest: null, csrf_token: 'other' }));
    const err = await api.delete('/api/cards/c1').catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('session_changed');
    expect((err as ApiError).message).toContain('You were signed out or switched accounts in another tab');
    expect(calls).toHaveLength(2);
  });

  it('throws ApiError with field details for a 422', async () => {
    setCsrfToken('tok');
    replies.push(() =>
      json(422, {
        error: {
          code: 'validation_error',
          message: 'Check the form.',
          details: [{ field: 'text', message: 'Too long.' }],
        },
      }),
    );
    const err = await api.post('/api/retros/r1/cards', { text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).fieldErrors).toEqual([{ field: 'text', message: 'Too long.' }]);
  });

  it('reports a lost session to the handler', async () => {
    const seen: string[] = [];
    setUnauthenticatedHandler((e) => seen.push(e.code));
    replies.push(() => json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }));
    await expect(api.get('/api/teams')).rejects.toBeInstanceOf(ApiError);
    replies.push(() => json(401, { error: { code: 'invalid_credentials', message: 'Wrong.' } }));
    await expect(api.get('/api/teams')).rejects.toBeInstanceOf(ApiError);
    expect(seen).toEqual(['unauthenticated']);
  });

  it('turns a network failure into an ApiError with status 0', async () => {
    const err = await api.get('/api/teams').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(0);
  });
});
