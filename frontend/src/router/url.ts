/** Where a link or `navigate()` target points, relative to the page we are on. */

export interface LocalTarget {
  /** Path + query + hash, when the target is on this origin. */
  path: string | null;
  /** The absolute address, for leaving the site. */
  href: string;
}

export function resolveTarget(to: string, here: string): LocalTarget {
  const url = new URL(to, here);
  const base = new URL(here);
  return {
    path: url.origin === base.origin ? url.pathname + url.search + url.hash : null,
    href: url.href,
  };
}

/** True when following `href` only scrolls within the current page (`#main`). */
export function isInPageAnchor(href: string, here: string): boolean {
  const url = new URL(href, here);
  const base = new URL(here);
  return (
    url.hash !== '' &&
    url.origin === base.origin &&
    url.pathname === base.pathname &&
    url.search === base.search
  );
}

/** Links the single-page router must leave to the browser: other sites and the API. */
export function isAppPath(path: string | null): path is string {
  return path !== null && !path.startsWith('/api/') && path !== '/api';
}
