/**
 * Every page of the app: its path pattern, who may open it, and how to fetch its code.
 *
 * Each page is its own chunk, fetched when someone first opens it, so a participant who joins a
 * board by its link downloads the board and the app's frame, not the settings, the trends and
 * their chart library. `load` must be a literal `import()` for the bundler to split the page out.
 */
import type { Component } from 'svelte';
import { compile, type Compiled, type Params } from '../router/match';
import type { Access } from './guard';

export interface PageProps {
  params: Params;
}

/** A page module. Pages that ignore `params` declare no props; they are rendered the same way. */
export type PageModule = { default: Component<PageProps> | Component<Record<string, never>> };
export type PageLoader = () => Promise<PageModule>;

export interface RouteDef {
  compiled: Compiled;
  access: Access;
  load: PageLoader;
}

function route(pattern: string, access: Access, load: PageLoader): RouteDef {
  return { compiled: compile(pattern), access, load };
}

export const routes: readonly RouteDef[] = [
  route('/', 'root', () => import('./RootPage.svelte')),
  route('/setup', 'signedOut', () => import('../auth/SetupPage.svelte')),
  route('/signin', 'signedOut', () => import('../auth/SignInPage.svelte')),
  route('/signin/link', 'signedOut', () => import('../auth/SsoLinkPage.svelte')),
  route('/signup', 'signedOut', () => import('../auth/SignUpPage.svelte')),
  route('/teams', 'member', () => import('../teams/TeamsPage.svelte')),
  route('/teams/:id', 'member', () => import('../teams/TeamPage.svelte')),
  route('/teams/:id/prompts', 'member', () => import('../teams/TeamGuidancePage.svelte')),
  route('/teams/:id/debt', 'member', () => import('../debt/DebtPage.svelte')),
  route('/teams/:id/rituals', 'member', () => import('../rituals/RitualsPage.svelte')),
  route('/teams/:id/actions', 'member', () => import('../actions/TeamActionsPage.svelte')),
  route('/teams/:id/deliveries', 'member', () => import('../teams/TeamDeliveriesPage.svelte')),
  route('/teams/:id/integrations', 'member', () => import('../teams/TeamIntegrationsPage.svelte')),
  route('/teams/:id/trends', 'member', () => import('../insights/TrendsPage.svelte')),
  route('/insights', 'member', () => import('../insights/InsightsPage.svelte')),
  route('/retros/:id', 'participant', () => import('../board/BoardPage.svelte')),
  route('/invite/:token', 'public', () => import('../invites/InvitePage.svelte')),
  route('/settings', 'member', () => import('../settings/SettingsPage.svelte')),
  route('/reset/:token', 'public', () => import('../auth/ResetPasswordPage.svelte')),
  route('/shared/:token', 'public', () => import('../summary/SharedSummaryPage.svelte')),
];
