/** Every page of the app: its path pattern, component, and who may open it. */
import type { Component } from 'svelte';
import TeamActionsPage from '../actions/TeamActionsPage.svelte';
import ResetPasswordPage from '../auth/ResetPasswordPage.svelte';
import SetupPage from '../auth/SetupPage.svelte';
import SignInPage from '../auth/SignInPage.svelte';
import SsoLinkPage from '../auth/SsoLinkPage.svelte';
import SignUpPage from '../auth/SignUpPage.svelte';
import BoardPage from '../board/BoardPage.svelte';
import DebtPage from '../debt/DebtPage.svelte';
import LazyInsightsPage from '../insights/LazyInsightsPage.svelte';
import LazyTrendsPage from '../insights/LazyTrendsPage.svelte';
import InvitePage from '../invites/InvitePage.svelte';
import { compile, type Compiled, type Params } from '../router/match';
import RitualsPage from '../rituals/RitualsPage.svelte';
import SettingsPage from '../settings/SettingsPage.svelte';
import SharedSummaryPage from '../summary/SharedSummaryPage.svelte';
import TeamDeliveriesPage from '../teams/TeamDeliveriesPage.svelte';
import TeamGuidancePage from '../teams/TeamGuidancePage.svelte';
import TeamIntegrationsPage from '../teams/TeamIntegrationsPage.svelte';
import TeamPage from '../teams/TeamPage.svelte';
import TeamsPage from '../teams/TeamsPage.svelte';
import type { Access } from './guard';
import RootPage from './RootPage.svelte';

export interface PageProps {
  params: Params;
}

export interface RouteDef {
  compiled: Compiled;
  access: Access;
  component: Component<PageProps>;
}

/** Pages that ignore `params` declare no props; they are rendered the same way. */
type PageComponent = Component<PageProps> | Component<Record<string, never>>;

function route(pattern: string, access: Access, component: PageComponent): RouteDef {
  return { compiled: compile(pattern), access, component: component as Component<PageProps> };
}

export const routes: readonly RouteDef[] = [
  route('/', 'root', RootPage),
  route('/setup', 'signedOut', SetupPage),
  route('/signin', 'signedOut', SignInPage),
  route('/signin/link', 'signedOut', SsoLinkPage),
  route('/signup', 'signedOut', SignUpPage),
  route('/teams', 'member', TeamsPage),
  route('/teams/:id', 'member', TeamPage),
  route('/teams/:id/prompts', 'member', TeamGuidancePage),
  route('/teams/:id/debt', 'member', DebtPage),
  route('/teams/:id/rituals', 'member', RitualsPage),
  route('/teams/:id/actions', 'member', TeamActionsPage),
  route('/teams/:id/deliveries', 'member', TeamDeliveriesPage),
  route('/teams/:id/integrations', 'member', TeamIntegrationsPage),
  route('/teams/:id/trends', 'member', LazyTrendsPage),
  route('/insights', 'member', LazyInsightsPage),
  route('/retros/:id', 'participant', BoardPage),
  route('/invite/:token', 'public', InvitePage),
  route('/settings', 'member', SettingsPage),
  route('/reset/:token', 'public', ResetPasswordPage),
  route('/shared/:token', 'public', SharedSummaryPage),
];
