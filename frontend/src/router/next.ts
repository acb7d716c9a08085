/**
 * The `?next=` round trip of sign-in: where a signed-out visitor was going, and a guard so the
 * parameter can only ever send them somewhere inside this site.
 */

export const HOME = '/teams';

/** A same-site path to go to after sign-in; anything suspicious becomes the home page. */
export function safeNext(
  next: string | null | undefined,
  fallback = HOME,
  origin: string = globalThis.location?.origin ?? 'http://localhost',
): string {
  if (!next || !next.startsWith('/')) return fallback;
  if ([...next].some((ch) => ch.charCodeAt(0) < 0x20)) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  // The URL parser resolves `/.//x`, `/..\\x` and the like; judge what it resolved to.
  if (url.origin !== origin || url.pathname.startsWith('//')) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.pathname === '/signin' || url.pathname.startsWith('/signup')) return fallback;
  return path;
}

/** `/signin?next=<where>` for a page that needs a signed-in user. */
export function signinUrl(where: string): string {
  return where && where !== '/' ? `/signin?next=${encodeURIComponent(where)}` : '/signin';
}

/** Carry a `next` parameter over to a sibling page (sign in ↔ create account). */
export function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}
