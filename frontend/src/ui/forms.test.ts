import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { checkNumber, collect, describeFailure, maxChars, readNumber, required, waitText } from './forms';

describe('form helpers', () => {
  it('checks required and maximum length like the API', () => {
    expect(required('  ')).toBe('This field is required.');
    expect(required('x')).toBe('');
    expect(maxChars('abc', 2)).toBe('Use at most 2 characters.');
    expect(maxChars(' ab ', 2)).toBe('');
    expect(collect({ a: '', b: 'bad' })).toEqual({ b: 'bad' });
  });

  it('puts field messages next to fields and the rest in a banner', () => {
    const err = new ApiError(422, 'validation_error', 'Check the form.', [
      { field: 'email', message: 'Not an email.' },
      { field: 'invite_token', message: 'Unknown invite.' },
    ]);
    expect(describeFailure(err, ['email', 'password'])).toEqual({
      fields: { email: 'Not an email.' },
      banner: 'Invite token: Unknown invite.',
    });
    const rule = new ApiError(422, 'validation_error', 'Check the form.', [
      { field: 'body', message: 'The sprint cannot end before it starts.' },
    ]);
    expect(describeFailure(rule, ['email']).banner).toBe('The sprint cannot end before it starts.');
    expect(describeFailure(err, ['name'], { email: 'name' }).fields).toEqual({
      name: 'Not an email.',
    });
  });

  it('uses the message itself when no field matches', () => {
    const err = new ApiError(409, 'email_taken', 'That email is already registered.');
    expect(describeFailure(err, ['email'])).toEqual({
      fields: { email: 'That email is already registered.' },
      banner: '',
    });
    expect(describeFailure(err, ['name'])).toEqual({
      fields: {},
      banner: 'That email is already registered.',
    });
    expect(describeFailure(new Error('x'), []).banner).toBe('Something went wrong. Try again.');
  });

  it('says how long to wait when rate limited', () => {
    const err = new ApiError(429, 'rate_limited', 'Too many attempts.', { retry_after: 600 });
    expect(describeFailure(err, ['email']).banner).toBe('Too many attempts. Try again in 10 minutes.');
  });

  it('says waits in words, singular and plural', () => {
    expect(waitText(0.2)).toBe('1 second');
    expect(waitText(1)).toBe('1 second');
    expect(waitText(30)).toBe('30 seconds');
    expect(waitText(61)).toBe('61 seconds');
    expect(waitText(90)).toBe('2 minutes');
    expect(waitText(120)).toBe('2 minutes');
    expect(waitText(3600)).toBe('60 minutes');
    expect(waitText(5400)).toBe('1 hour 30 minutes');
    expect(waitText(7200)).toBe('2 hours');
  });

  it('puts a wrong current password next to that field', () => {
    const err = new ApiError(403, 'wrong_password', 'That is not your current password.');
    expect(describeFailure(err, ['current_password', 'email'])).toEqual({
      fields: { current_password: 'That is not your current password.' },
      banner: '',
    });
  });

  it('reads number inputs as Svelte binds them, never calling string methods on numbers', () => {
    // A bound number input holds a number, or null/undefined while empty.
    expect(readNumber(21)).toBe(21);
    expect(readNumber(null)).toBeNull();
    expect(readNumber(undefined)).toBeNull();
    expect(readNumber(' 2,5 ')).toBe(2.5);
    expect(readNumber('')).toBeNull();
    expect(readNumber('lots')).toBeNaN();
    expect(readNumber(Number.POSITIVE_INFINITY)).toBeNaN();
    expect(checkNumber(21, { min: 0, max: 1000 })).toBe('');
    expect(checkNumber(null)).toBe('');
    expect(checkNumber(undefined, { required: true })).toBe('Enter a number.');
    expect(checkNumber(null, { unreadable: true })).toBe('Enter a number.');
    expect(checkNumber(2.5, { integer: true })).toBe('Enter a whole number.');
    expect(checkNumber(-1, { min: 0 })).toBe('Use 0 or more.');
    expect(checkNumber(13, { max: 12 })).toBe('Use 12 or less.');
    expect(checkNumber(0, { min: 1, max: 12 })).toBe('Use a number from 1 to 12.');
  });
});
