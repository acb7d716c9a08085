/**
 * Light or dark. The account keeps the choice on the server so it follows the person; this
 * browser keeps a copy so /theme.js can apply it before the first paint on the next visit.
 * `system` follows the device, also when the device switches while the page is open.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
export type Resolved = 'light' | 'dark';

export const THEME_KEY = 'twofold.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export function isChoice(value: unknown): value is ThemeChoice {
  return value === 'system' || value === 'light' || value === 'dark';
}

export function resolveTheme(choice: ThemeChoice, deviceDark: boolean): Resolved {
  if (choice === 'system') return deviceDark ? 'dark' : 'light';
  return choice;
}

function cached(): ThemeChoice {
  try {
    const value = globalThis.localStorage?.getItem(THEME_KEY);
    return isChoice(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

function remember(choice: ThemeChoice): void {
  try {
    if (choice === 'system') globalThis.localStorage?.removeItem(THEME_KEY);
    else globalThis.localStorage?.setItem(THEME_KEY, choice);
  } catch {
    // No storage: the account still has the choice; only the first paint may differ.
  }
}

function deviceQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(DARK_QUERY) : null;
}

class Appearance {
  choice = $state<ThemeChoice>(cached());
  deviceDark = $state(deviceQuery()?.matches ?? false);
  readonly resolved: Resolved = $derived(resolveTheme(this.choice, this.deviceDark));

  /** Follow the device's switches; returns the way to stop. */
  start(): () => void {
    const query = deviceQuery();
    if (!query) return () => {};
    const changed = (e: MediaQueryListEvent) => {
      this.deviceDark = e.matches;
      this.apply();
    };
    query.addEventListener('change', changed);
    this.apply();
    return () => query.removeEventListener('change', changed);
  }

  /** Take a choice (the account's, or one just made) and show it. */
  use(choice: ThemeChoice): void {
    this.choice = choice;
    remember(choice);
    this.apply();
  }

  private apply(): void {
    if (typeof document !== 'undefined') document.documentElement.dataset.theme = this.resolved;
  }
}

export const appearance = new Appearance();
