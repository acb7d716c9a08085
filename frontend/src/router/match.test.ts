import { describe, expect, it } from 'vitest';
import { compile, findRoute, matchPath } from './match';

describe('matchPath', () => {
  it('matches static paths exactly, ignoring a trailing slash', () => {
    expect(matchPath('/teams', '/teams')).toEqual({});
    expect(matchPath('/teams', '/teams/')).toEqual({});
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/teams', '/team')).toBeNull();
    expect(matchPath('/teams', '/teams/1')).toBeNull();
  });

  it('captures and decodes parameters', () => {
    expect(matchPath('/teams/:id', '/teams/t_123')).toEqual({ id: 't_123' });
    expect(matchPath('/invite/:token', '/invite/a%2Fb')).toEqual({ token: 'a/b' });
    expect(matchPath('/retros/:id', '/retros/r1?x=1#top')).toEqual({ id: 'r1' });
  });

  it('rejects undecodable parameters', () => {
    expect(matchPath('/teams/:id', '/teams/%E0%A4%A')).toBeNull();
  });
});

describe('findRoute', () => {
  const routes = [
    { name: 'teams', compiled: compile('/teams') },
    { name: 'team', compiled: compile('/teams/:id') },
    { name: 'board', compiled: compile('/retros/:id') },
  ];

  it('returns the first matching route and its params', () => {
    expect(findRoute(routes, '/teams/abc')).toEqual({ route: routes[1], params: { id: 'abc' } });
    expect(findRoute(routes, '/teams')?.route.name).toBe('teams');
  });

  it('returns null when nothing matches', () => {
    expect(findRoute(routes, '/nowhere')).toBeNull();
    expect(findRoute(routes, '/retros')).toBeNull();
  });
});
