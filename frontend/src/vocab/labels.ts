/**
 * The words the UI shows for the API's closed vocabularies, in the order pickers list them.
 * The server's enums are the source of truth; these records are typed against them, so a new
 * value there is a type error here until it has a label.
 */
import type { Friction, Polarity, Role, TemplateKey } from '../api/types';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  pm: 'Product Manager',
  eng: 'Engineer',
  tech_lead: 'Tech Lead',
  design: 'Design',
  qa: 'QA',
  em: 'Engineering Manager',
};

export const POLARITY_LABELS: Readonly<Record<Polarity, string>> = {
  went_well: 'Went well',
  didnt_go_well: "Didn't go well",
  proposal: 'Proposal',
};

export const FRICTION_LABELS: Readonly<Record<Friction, string>> = {
  requirements_clarity: 'Requirements clarity',
  velocity_quality: 'Velocity vs quality',
  tech_debt: 'Tech debt',
  estimation: 'Estimation',
  communication: 'Communication',
};

export const TEMPLATE_FALLBACK_NAMES: Readonly<Record<TemplateKey, string>> = {
  pm_engineering: 'PM / Engineering',
  start_stop_continue: 'Start / Stop / Continue',
  mad_sad_glad: 'Mad / Sad / Glad',
  four_ls: '4Ls',
  sailboat: 'Sailboat',
  cross_functional_product_team: 'Cross-functional product team',
  product_development: 'Product development',
  tech_debt_review: 'Technical debt review',
  team: 'Team template',
};

export const ROLES = Object.keys(ROLE_LABELS) as Role[];
export const POLARITIES = Object.keys(POLARITY_LABELS) as Polarity[];
export const FRICTIONS = Object.keys(FRICTION_LABELS) as Friction[];
export const DEFAULT_TEMPLATE: TemplateKey = 'pm_engineering';

/** A label for a value the server sent, even one this build does not know yet. */
export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? humanize(role);
}

export function polarityLabel(polarity: string): string {
  return (POLARITY_LABELS as Record<string, string>)[polarity] ?? humanize(polarity);
}

export function frictionLabel(friction: string): string {
  return (FRICTION_LABELS as Record<string, string>)[friction] ?? humanize(friction);
}

/** A retro's template as people know it: a team template by its own name. */
export function templateName(key: string, teamTemplateName?: string | null): string {
  if (key === 'team' && teamTemplateName) return teamTemplateName;
  return (TEMPLATE_FALLBACK_NAMES as Record<string, string>)[key] ?? humanize(key);
}

/** `"velocity_quality"` → `"Velocity quality"`. */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : value;
}

/** What each kind of team event in a team's deliveries is about. Kinds are open-ended (a new
 * one needs only the server), so an unknown kind is shown as it is. */
const DELIVERY_KIND_LABELS: Readonly<Record<string, string>> = {
  'team.action_created': 'Action item created',
  'team.action_changed': 'Action item changed',
  'team.action_due': 'Action item due',
  'team.action_overdue': 'Action item overdue',
  'team.debt_created': 'Debt item created',
  'team.debt_scored': 'Debt item scored',
  'team.retro_closed': 'Retro closed',
  'team.signals_recorded': 'Sprint signals recorded',
  'team.member_joined': 'Member joined',
  'team.member_left': 'Member left',
  'team.ritual_agenda': 'Ritual agenda',
};

export function deliveryKindLabel(kind: string): string {
  return DELIVERY_KIND_LABELS[kind] ?? kind;
}
