/**
 * Who may open which page, as one pure function: given the page's access rule and the current
 * session, where to send the visitor instead (or null to show the page).
 */
import type { Guest, SetupInfo, User } from '../api/types';
import type { Params } from '../router/match';
import { HOME, safeNext, signinUrl } from '../router/next';

export type Access =
  /** `/`: only ever redirects. */
  | 'root'
  /** Sign-in, sign-up and set-up: pointless once signed in. */
  | 'signedOut'
  /** Needs a signed-in user (guests are sent back to their retro). */
  | 'member'
  /** A retro board: a member, or the guest of that retro. */
  | 'participant'
  /** Anyone: invite pages, not found. */
  | 'public';

export interface Visitor {
  user: User | null;
  guest: Guest | null;
  setup: SetupInfo | null;
}

export interface Place {
  path: string;
  /** Path plus query, to come back to after sign-in. */
  href: string;
  query: URLSearchParams;
  params: Params;
}

export function redirectFor(access: Access, visitor: Visitor, place: Place): string | null {
  const { user, guest, setup } = visitor;
  const guestHome = guest ? `/retros/${encodeURIComponent(guest.retro_id)}` : null;

  switch (access) {
    case 'root':
      if (setup?.needs_owner) return '/setup';
      if (user) return HOME;
      return guestHome ?? '/signin';
    case 'signedOut':
      if (user) return safeNext(place.query.get('next'));
      // Sign-up waits for the owner, who signs up on the set-up page; signing in stays open,
      // since demo accounts can exist before the instance has an owner.
      if (setup?.needs_owner && place.path === '/signup') return '/setup';
      return null;
    case 'member':
      if (user) return null;
      return guestHome ?? signinUrl(place.href);
    case 'participant':
      if (user) return null;
      if (guest) return place.params.id === guest.retro_id ? null : guestHome;
      return signinUrl(place.href);
    case 'public':
      return null;
  }
}
