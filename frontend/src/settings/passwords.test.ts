import { describe, expect, it } from 'vitest';
import { newPasswordError, repeatError } from './passwords';

describe('new passwords', () => {
  it('follow the API length rules', () => {
    expect(newPasswordError('')).toBe('Choose a new password.');
    expect(newPasswordError('123456789')).toBe('Use at least 10 characters.');
    expect(newPasswordError('1234567890')).toBe('');
    expect(newPasswordError('x'.repeat(257))).toBe('Use at most 256 characters.');
  });

  it('must be typed the same twice', () => {
    expect(repeatError('a long password', '')).toBe('Type the new password again.');
    expect(repeatError('a long password', 'a long pasword')).toBe('The two passwords are not the same.');
    expect(repeatError('a long password', 'a long password')).toBe('');
  });
});
