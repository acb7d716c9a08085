/**
 * Path matching for the history router: patterns like `/teams/:id`, exact segment counts,
 * a trailing slash ignored, parameters URL-decoded. Pure, so it is unit-tested without a DOM.
 */

export type Params = Record<string, string>;

export interface Compiled {
  pattern: string;
  segments: readonly string[];
}

export function compile(pattern: string): Compiled {
  return { pattern, segments: split(pattern) };
}

/** The parameters of `path` under `pattern`, or null when it does not match. */
export function matchPath(pattern: Compiled | string, path: string): Params | null {
  const compiled = typeof pattern === 'string' ? compile(pattern) : pattern;
  const parts = split(path);
  if (parts.length !== compiled.segments.length) return null;
  const params: Params = {};
  for (let i = 0; i < parts.length; i++) {
    const want = compiled.segments[i]!;
    const got = parts[i]!;
    if (want.startsWith(':')) {
      const value = decode(got);
      if (value === null || value === '') return null;
      params[want.slice(1)] = value;
    } else if (want !== got) {
      return null;
    }
  }
  return params;
}

export interface Matched<R> {
  route: R;
  params: Params;
}

/** The first route whose pattern matches `path`. */
export function findRoute<R extends { compiled: Compiled }>(
  routes: readonly R[],
  path: string,
): Matched<R> | null {
  for (const route of routes) {
    const params = matchPath(route.compiled, path);
    if (params) return { route, params };
  }
  return null;
}

function split(path: string): string[] {
  return path.split('?')[0]!.split('#')[0]!.split('/').filter((part) => part !== '');
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
