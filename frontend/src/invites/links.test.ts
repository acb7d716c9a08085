import { describe, expect, it } from 'vitest';
import { EXPIRY_CHOICES, DEFAULT_EXPIRY_HOURS, activeInvites, inviteUrl, reusableInvite } from './links';

describe('invite links', () => {
  it('builds the link on the given origin', () => {
    expect(inviteUrl('tok_123', 'https://retro.example.com')).toBe(
      'https://retro.example.com/invite/tok_123',
    );
    expect(inviteUrl('a/b', 'http://x')).toBe('http://x/invite/a%2Fb');
  });

  it('offers expiries within the API limits, including the default', () => {
    for (const hours of EXPIRY_CHOICES) expect(hours).toBeGreaterThanOrEqual(1);
    for (const hours of EXPIRY_CHOICES) expect(hours).toBeLessThanOrEqual(720);
    expect(EXPIRY_CHOICES).toContain(DEFAULT_EXPIRY_HOURS);
    // As the guide says: from 1 hour (a link for a meeting's chat) to 30 days.
    expect(EXPIRY_CHOICES[0]).toBe(1);
    expect(EXPIRY_CHOICES.at(-1)).toBe(30 * 24);
  });

  it('keeps only usable invites', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    const invites = [
      { id: 'a', revoked: false, expires_at: '2026-11-25T00:00:00Z' },
      { id: 'b', revoked: true, expires_at: '2026-11-25T00:00:00Z' },
      { id: 'c', revoked: false, expires_at: '2026-11-24T11:00:00Z' },
    ];
    expect(activeInvites(invites, now).map((i) => i.id)).toEqual(['a']);
  });

  it('reuses the longest-lasting usable link of the same kind for the same retro', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    const base = { revoked: false, expires_at: '2026-11-25T00:00:00Z', retro_id: 'r1', guests_only: true };
    const invites = [
      { ...base, id: 'member', guests_only: false, expires_at: '2026-12-30T00:00:00Z' },
      { ...base, id: 'other-retro', retro_id: 'r2', expires_at: '2026-12-30T00:00:00Z' },
      { ...base, id: 'team-only', retro_id: null, expires_at: '2026-12-30T00:00:00Z' },
      { ...base, id: 'revoked', revoked: true, expires_at: '2026-12-30T00:00:00Z' },
      { ...base, id: 'expired', expires_at: '2026-11-24T11:00:00Z' },
      { ...base, id: 'soon' },
      { ...base, id: 'later', expires_at: '2026-11-28T00:00:00Z' },
    ];
    expect(reusableInvite(invites, 'r1', true, now)?.id).toBe('later');
    expect(reusableInvite(invites, 'r1', false, now)?.id).toBe('member');
    expect(reusableInvite(invites, 'r3', true, now)).toBeNull();
  });
});
