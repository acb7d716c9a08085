/**
 * The pages whose code has arrived, so that going back to one shows it at once rather than a
 * loading state for a chunk the browser already holds.
 */
import type { Component } from 'svelte';
import type { PageLoader, PageProps } from './routes';

const loaded = new Map<PageLoader, Component<PageProps>>();

export function loadedPage(load: PageLoader): Component<PageProps> | null {
  return loaded.get(load) ?? null;
}

/** Fetch a page's code (once; later calls answer from memory). */
export async function loadPage(load: PageLoader): Promise<Component<PageProps>> {
  const known = loaded.get(load);
  if (known) return known;
  // Pages that take no props are rendered the same way, with `params` ignored.
  const page = (await load()).default as Component<PageProps>;
  loaded.set(load, page);
  return page;
}
