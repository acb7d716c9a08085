/**
 * A small history-API router: the current location as reactive state, `navigate()`, and one
 * document-level click handler so plain `<a href="/teams">` links stay in the single-page app.
 */

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
  const url = new URL(to, window.location.href);
  if (url.origin !== window.location.origin) {
    window.location.assign(url.href);
    return;
  }
  const target = url.pathname + url.search + url.hash;
  const here = window.location.pathname + window.location.search + window.location.hash;
  if (options.replace || target === here) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  currentLocation.sync();
  if (!options.replace) window.scrollTo(0, 0);
}

function onClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || !anchor.href || anchor.hasAttribute('download')) return;
  if (anchor.target && anchor.target !== '_self') return;
  if (anchor.dataset.external !== undefined) return;
  const url = new URL(anchor.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
  // In-page anchors (the skip link) keep the browser's own behaviour.
  if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) {
    return;
  }
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
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
