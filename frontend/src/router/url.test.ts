import { describe, expect, it } from 'vitest';
import { isAppPath, isInPageAnchor, resolveTarget } from './url';

const here = 'https://retro.test/teams/t1?x=1';

describe('resolveTarget', () => {
  it('gives a local path for this origin and none for others', () => {
    expect(resolveTarget('/retros/r1', here).path).toBe('/retros/r1');
    expect(resolveTarget('../settings#top', here).path).toBe('/settings#top');
    expect(resolveTarget('https://other.test/x', here)).toEqual({
      path: null,
      href: 'https://other.test/x',
    });
  });
});

describe('link helpers', () => {
  it('recognises in-page anchors', () => {
    expect(isInPageAnchor('#main', here)).toBe(true);
    expect(isInPageAnchor('/teams/t1?x=1#main', here)).toBe(true);
    expect(isInPageAnchor('/teams#main', here)).toBe(false);
    expect(isInPageAnchor('/teams/t1?x=1', here)).toBe(false);
  });

  it('leaves the API to the browser', () => {
    expect(isAppPath('/teams')).toBe(true);
    expect(isAppPath('/api/docs')).toBe(false);
    expect(isAppPath(null)).toBe(false);
  });
});
