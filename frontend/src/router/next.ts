/**
 * The `?next=` round trip of sign-in: where a signed-out visitor was going, and a guard so the
 * parameter can only ever send them somewhere inside this site.
 */

export const HOME = '/teams';

/** A same-site path to go to after sign-in; anything suspicious becomes the home page. */
export function safeNext(next: string | null | undefined, fallback = HOME): string {
  if (!next) return fallback;
  // Only absolute paths on this origin: no scheme, no protocol-relative `//host`, no `/\host`.
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if ([...next].some((ch) => ch.charCodeAt(0) < 0x20)) return fallback;
  if (next === '/signin' || next.startsWith('/signin?') || next.startsWith('/signup')) {
    return fallback;
  }
  return next;
}

/** `/signin?next=<where>` for a page that needs a signed-in user. */
export function signinUrl(where: string): string {
  return where && where !== '/' ? `/signin?next=${encodeURIComponent(where)}` : '/signin';
}

/** Carry a `next` parameter over to a sibling page (sign in ↔ create account). */
export function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}
