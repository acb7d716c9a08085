/**
 * A small history-API router: the current location as reactive state, `navigate()`, and one
 * document-level click handler so plain `<a href="/teams">` links stay in the single-page app.
 */
import { isAppPath, isInPageAnchor, resolveTarget } from './url';

class CurrentLocation {
  path = $state('/');
  search = $state('');
  /** Bumped on every navigation, so pages can reset even when the path is the same. */
  version = $state(0);

  get query(): URLSearchParams {
    return new URLSearchParams(this.search);
  }

  get href(): string {
    return this.path + this.search;
  }

  sync(): void {
    this.path = window.location.pathname;
    this.search = window.location.search;
    this.version += 1;
  }
}

export const currentLocation = new CurrentLocation();

export interface NavigateOptions {
  replace?: boolean;
}

export function navigate(to: string, options: NavigateOptions = {}): void {
  const { path, href } = resolveTarget(to, window.location.href);
  if (path === null) {
    window.location.assign(href);
    return;
  }
  const here = window.location.pathname + window.location.search + window.location.hash;
  if (options.replace || path === here) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  currentLocation.sync();
  if (!options.replace) window.scrollTo(0, 0);
}

function onClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || !anchor.href || anchor.hasAttribute('download')) return;
  if (anchor.target && anchor.target !== '_self') return;
  const here = window.location.href;
  // In-page anchors (the skip link) keep the browser's own behaviour.
  if (isInPageAnchor(anchor.href, here)) return;
  const { path } = resolveTarget(anchor.href, here);
  if (!isAppPath(path)) return;
  event.preventDefault();
  navigate(path);
}

/** Start following the address bar; returns the function that stops it. */
export function startRouter(): () => void {
  currentLocation.sync();
  const onPop = () => currentLocation.sync();
  window.addEventListener('popstate', onPop);
  document.addEventListener('click', onClick);
  return () => {
    window.removeEventListener('popstate', onPop);
    document.removeEventListener('click', onClick);
  };
}
