/**
 * Who is using the app right now: a signed-in user, a guest of one retro, or nobody. Loaded once
 * at start-up and replaced by every Session the API hands back (sign-in, sign-up, guest join).
 */
import * as authApi from '../api/auth';
import { identityOf, setCsrfToken } from '../api/client';
import { ApiError } from '../api/errors';
import type { Guest, Session, SetupInfo, User } from '../api/types';
import { appearance } from '../theme/appearance.svelte';
import { preload } from '../i18n/catalogue';
import { choiceNow, useLanguage } from '../i18n/language';

class CurrentSession {
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<ApiError | null>(null);
  user = $state<User | null>(null);
  guest = $state<Guest | null>(null);
  setup = $state<SetupInfo | null>(null);

  get signedIn(): boolean {
    return this.user !== null;
  }

  /** A guest without a user account: limited to their one retro. */
  get guestOnly(): boolean {
    return this.user === null && this.guest !== null;
  }

  apply(session: Session): void {
    this.user = session.user ?? null;
    this.guest = session.guest ?? null;
    // The account's look wins over this browser's copy: it may have been changed elsewhere.
    if (session.user?.theme) appearance.use(session.user.theme);
    // So does its language: shown pages follow at once, pages opened next start in it. An
    // account on `auto` leaves this browser as it is, a choice made on the sign-in page included.
    const language = session.user?.language;
    if (language && language !== 'auto' && language !== choiceNow()) useLanguage(language);
    setCsrfToken(session.csrf_token ?? null, identityOf(session));
  }

  clear(): void {
    this.user = null;
    this.guest = null;
    setCsrfToken(null, null);
  }

  async load(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    try {
      const [session, setup] = await Promise.all([authApi.getSession(), authApi.getSetup()]);
      this.apply(session);
      await preload();
      this.setup = setup;
      this.status = 'ready';
    } catch (err) {
      this.error = err instanceof ApiError ? err : new ApiError(0, 'unknown', String(err));
      this.status = 'error';
    }
  }

  async refreshSetup(): Promise<SetupInfo> {
    const setup = await authApi.getSetup();
    this.setup = setup;
    return setup;
  }

  /** Ends the Twofold session. Returns the provider's own sign-out page when the account signs
   * in through single sign-on and the provider offers one, for the caller to send the browser to. */
  async signOut(): Promise<string | null> {
    try {
      if (this.setup?.sso) return (await authApi.ssoLogout()).end_session_url ?? null;
      await authApi.logout();
      return null;
    } finally {
      this.clear();
    }
  }

  async signOutEverywhere(): Promise<void> {
    await authApi.logoutEverywhere();
    this.clear();
  }
}

export const session = new CurrentSession();
