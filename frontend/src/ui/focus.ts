/**
 * After a page change the app moves focus to <main>; when the page's own heading shows up later
 * (after its data loaded), move focus on to it, so screen readers start at the page title. Focus
 * anywhere else (the user's own, or none on first load) is left alone.
 */
export function claimPageFocus(heading: HTMLElement | null): void {
  if (heading && document.activeElement?.id === 'main') heading.focus({ preventScroll: true });
}
