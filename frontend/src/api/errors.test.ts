import { describe, expect, it } from 'vitest';
import { ApiError, errorFromResponse, fieldLabel, fieldMessages, networkError, parseFieldErrors } from './errors';

describe('errorFromResponse', () => {
  it('reads the error shape the API promises', () => {
    const err = errorFromResponse(404, {
      error: { code: 'not_found', message: 'Team not found.', details: null },
    });
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toBeInstanceOf(Error);
    expect([err.status, err.code, err.message, err.details]).toEqual([
      404,
      'not_found',
      'Team not found.',
      null,
    ]);
    expect(err.fieldErrors).toEqual([]);
  });

  it('falls back to a readable message when the body is not ours', () => {
    const proxy = errorFromResponse(502, '<html>Bad gateway</html>');
    expect(proxy.code).toBe('server_error');
    expect(proxy.message).toMatch(/server had a problem/);
    const odd = errorFromResponse(418, { error: { code: 42 } });
    expect(odd.code).toBe('http_418');
    expect(odd.message).toBe('The request failed (HTTP 418).');
  });

  it('lists 422 details per field', () => {
    const err = errorFromResponse(422, {
      error: {
        code: 'validation_error',
        message: 'Some fields need attention.',
        details: [
          { field: 'password', message: 'Use at least 10 characters.' },
          { field: 'body.email', message: 'Enter a valid email address.' },
          { field: 'password', message: 'A second message is ignored.' },
          { nonsense: true },
        ],
      },
    });
    expect(err.fieldErrors).toEqual([
      { field: 'password', message: 'Use at least 10 characters.' },
      { field: 'email', message: 'Enter a valid email address.' },
      { field: 'password', message: 'A second message is ignored.' },
    ]);
    expect(fieldMessages(err)).toEqual({
      password: 'Use at least 10 characters.',
      email: 'Enter a valid email address.',
    });
  });

  it('only treats details as field errors on a 422', () => {
    const err = errorFromResponse(400, {
      error: { code: 'bad_request', message: 'No.', details: [{ field: 'x', message: 'y' }] },
    });
    expect(err.fieldErrors).toEqual([]);
    expect(fieldMessages(new Error('plain'))).toEqual({});
  });

  it('exposes retry_after of a 429', () => {
    const err = errorFromResponse(429, {
      error: { code: 'rate_limited', message: 'Slow down.', details: { retry_after: 30 } },
    });
    expect(err.retryAfter).toBe(30);
    expect(networkError().retryAfter).toBeNull();
  });
});

describe('parseFieldErrors', () => {
  it('accepts pydantic-style loc arrays too', () => {
    expect(parseFieldErrors([{ loc: ['body', 'title'], message: 'Too long.' }])).toEqual([
      { field: 'title', message: 'Too long.' },
    ]);
    expect(parseFieldErrors(null)).toEqual([]);
    expect(parseFieldErrors({ field: 'x', message: 'y' })).toEqual([]);
  });
});

describe('networkError', () => {
  it('has status 0 and says what to do', () => {
    const err = networkError();
    expect([err.status, err.code]).toEqual([0, 'network_error']);
    expect(err.message).toMatch(/connection/);
  });

  it('names fields as people say them', () => {
    expect(fieldLabel('points_committed')).toBe('Points committed');
    expect(fieldLabel('recurrence.duration_minutes')).toBe('Duration minutes');
    expect(fieldLabel('stories.2.points')).toBe('Points (3rd line)');
    expect(fieldLabel('estimates.10.actual')).toBe('Actual (11th line)');
    expect(fieldLabel('nps_change_min')).toBe('NPS change min');
    expect(fieldLabel('pm_user_id')).toBe('PM user ID');
  });
});

describe('codes and params', () => {
  it('keeps the params and words the error from the catalogue', () => {
    const err = errorFromResponse(409, {
      error: { code: 'no_votes_left', message: 'Server words.', params: { votes: 5 }, details: null },
    });
    expect(err.params).toEqual({ votes: 5 });
    expect(err.text).toBe('You have used all 5 of your votes; take one back to move it.');
    expect(err.message).toBe('Server words.');
  });

  it('reads missing or malformed params as none', () => {
    const err = errorFromResponse(404, { error: { code: 'not_found', message: 'Card not found.', params: [1] } });
    expect(err.params).toEqual({});
    expect(err.text).toBe('Card not found.');
  });
});
