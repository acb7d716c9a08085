import { describe, expect, it } from 'vitest';
import type { Guest, SetupInfo, User } from '../api/types';
import { redirectFor, type Place, type Visitor } from './guard';

const user: User = { id: 'u1', email: 'a@b.test', display_name: 'Ada', is_owner: false };
const guest: Guest = { id: 'g1', retro_id: 'r1', display_name: 'Gus', role: 'qa' };
const ready: SetupInfo = { needs_owner: false, open_signup: false };
const fresh: SetupInfo = { needs_owner: true, open_signup: false };

const nobody: Visitor = { user: null, guest: null, setup: ready };
const member: Visitor = { user, guest: null, setup: ready };
const visitor: Visitor = { user: null, guest, setup: ready };

function at(href: string, params: Record<string, string> = {}): Place {
  const url = new URL(href, 'http://x.test');
  return { path: url.pathname, href, query: url.searchParams, params };
}

describe('redirectFor', () => {
  it('sends / to set-up, teams, the guest retro or sign-in', () => {
    expect(redirectFor('root', { ...nobody, setup: fresh }, at('/'))).toBe('/setup');
    expect(redirectFor('root', member, at('/'))).toBe('/teams');
    expect(redirectFor('root', visitor, at('/'))).toBe('/retros/r1');
    expect(redirectFor('root', nobody, at('/'))).toBe('/signin');
  });

  it('asks signed-out visitors of member pages to sign in and come back', () => {
    expect(redirectFor('member', nobody, at('/teams/t1?x=1'))).toBe(
      '/signin?next=%2Fteams%2Ft1%3Fx%3D1',
    );
    expect(redirectFor('member', member, at('/teams/t1'))).toBeNull();
    expect(redirectFor('member', visitor, at('/settings'))).toBe('/retros/r1');
  });

  it('lets guests see only their own retro', () => {
    expect(redirectFor('participant', visitor, at('/retros/r1', { id: 'r1' }))).toBeNull();
    expect(redirectFor('participant', visitor, at('/retros/r2', { id: 'r2' }))).toBe('/retros/r1');
    expect(redirectFor('participant', member, at('/retros/r2', { id: 'r2' }))).toBeNull();
    expect(redirectFor('participant', nobody, at('/retros/r2', { id: 'r2' }))).toBe(
      '/signin?next=%2Fretros%2Fr2',
    );
  });

  it('moves signed-in users off the sign-in pages to where they were going', () => {
    expect(redirectFor('signedOut', member, at('/signin?next=/retros/r9'))).toBe('/retros/r9');
    expect(redirectFor('signedOut', member, at('/signin?next=https://evil.test'))).toBe('/teams');
    expect(redirectFor('signedOut', nobody, at('/signin'))).toBeNull();
    expect(redirectFor('signedOut', { ...nobody, setup: fresh }, at('/signup'))).toBe('/setup');
    // Demo accounts may exist before the owner does: signing in is never sent away.
    expect(redirectFor('signedOut', { ...nobody, setup: fresh }, at('/signin'))).toBeNull();
    expect(redirectFor('signedOut', { ...nobody, setup: fresh }, at('/setup'))).toBeNull();
  });

  it('never redirects public pages', () => {
    expect(redirectFor('public', nobody, at('/invite/abc'))).toBeNull();
  });
});
