import { describe, expect, it } from 'vitest';
import { auditParams } from '../api/account';
import { auditKinds, describeDetail, kindLabel } from './audit';

describe('the audit log', () => {
  it('names every kind the server can record', () => {
    expect(kindLabel('sign_in_failed')).toBe('Sign-in failed');
    const kinds = auditKinds();
    expect(Object.values(kinds).every((label) => label.length > 0)).toBe(true);
    expect(new Set(Object.values(kinds)).size).toBe(Object.keys(kinds).length);
  });

  it('says an event’s facts in words', () => {
    expect(describeDetail({ detail: { facilitator: [false, true], role: ['eng', 'pm'] } })).toBe(
      'facilitator: no → yes · role: eng → pm',
    );
    expect(describeDetail({ detail: { reason: 'wrong_password', retro_id: null } })).toBe(
      'reason: wrong password',
    );
    expect(describeDetail({ detail: {} })).toBe('');
  });

  it('turns filters into a query, the last day included', () => {
    expect(auditParams({ kind: 'sign_in', actor: '  ada ', since: '2026-12-01', until: '2026-12-06' })).toBe(
      'kind=sign_in&actor=ada&since=2026-12-01T00%3A00%3A00Z&until=2026-12-07T00%3A00%3A00.000Z',
    );
    expect(auditParams({}, { format: 'csv' })).toBe('format=csv');
  });
});
