import { describe, expect, it } from 'vitest';
import { HOME, safeNext, signinUrl, withNext } from './next';

describe('safeNext', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeNext('/retros/r1')).toBe('/retros/r1');
    expect(safeNext('/teams/t1?tab=retros')).toBe('/teams/t1?tab=retros');
  });

  it('refuses anything that could leave the site', () => {
    for (const bad of ['https://evil.test', '//evil.test', '/\\evil.test', 'javascript:x', 'x']) {
      expect(safeNext(bad)).toBe(HOME);
    }
  });

  it('does not loop back to the sign-in pages', () => {
    expect(safeNext('/signin?next=/x')).toBe(HOME);
    expect(safeNext('/signup')).toBe(HOME);
    expect(safeNext(null, '/settings')).toBe('/settings');
  });
});

describe('signinUrl and withNext', () => {
  it('encodes where the visitor was going', () => {
    expect(signinUrl('/retros/r 1?a=b')).toBe('/signin?next=%2Fretros%2Fr%201%3Fa%3Db');
    expect(signinUrl('/')).toBe('/signin');
    expect(withNext('/signup', '/teams/t1')).toBe('/signup?next=%2Fteams%2Ft1');
    expect(withNext('/signup', null)).toBe('/signup');
  });
});

describe('safeNext resolves the path before judging it', () => {
  const origin = 'https://twofold.example';
  it.each(['/.//evil.com', '/..\\evil.com', '//evil.com', 'https://evil.com', '/\\evil.com'])(
    '%s stays on the site',
    (bad) => {
      const out = safeNext(bad, HOME, origin);
      expect(out.startsWith('/')).toBe(true);
      expect(out.startsWith('//')).toBe(false);
      expect(new URL(out, origin).origin).toBe(origin);
    },
  );

  it('returns the normalised path', () => {
    expect(safeNext('/teams/../retros/r1?x=1#c', HOME, origin)).toBe('/retros/r1?x=1#c');
    expect(safeNext('/.//evil.com', HOME, origin)).toBe(HOME);
  });
});
