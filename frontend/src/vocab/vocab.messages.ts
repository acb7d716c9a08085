/** The words for the API's closed vocabularies and the codes it answers with (see labels.ts). */
import { i18n, params } from '../i18n/catalogue';

export const roleWords = i18n('vocab.roles', {
  pm: 'Product Manager',
  eng: 'Engineer',
  tech_lead: 'Tech Lead',
  design: 'Design',
  qa: 'QA',
  em: 'Engineering Manager',
});

export const polarityWords = i18n('vocab.polarities', {
  went_well: 'Went well',
  didnt_go_well: "Didn't go well",
  proposal: 'Proposal',
});

export const frictionWords = i18n('vocab.frictions', {
  requirements_clarity: 'Requirements clarity',
  velocity_quality: 'Velocity vs quality',
  tech_debt: 'Tech debt',
  estimation: 'Estimation',
  communication: 'Communication',
});

/** The health radar's five dimensions, named as the server's reports name them. */
export const radarDimensionWords = i18n('vocab.radarDimensions', {
  requirements_clarity: 'Requirements clarity',
  velocity_quality: 'Velocity vs quality',
  tech_debt: 'Tech debt',
  estimation: 'Estimation & predictability',
  communication: 'Communication',
});

export const templateWords = i18n('vocab.templates', {
  pm_engineering: 'PM / Engineering',
  start_stop_continue: 'Start / Stop / Continue',
  mad_sad_glad: 'Mad / Sad / Glad',
  four_ls: '4Ls',
  sailboat: 'Sailboat',
  cross_functional_product_team: 'Cross-functional product team',
  product_development: 'Product development',
  tech_debt_review: 'Technical debt review',
  team: 'Team template',
});

export const ownerWords = i18n('vocab.owners', {
  joint: params('{pm} (PM) + {lead} (tech lead)'),
  pm: 'PM',
  lead: 'tech lead',
  none: 'No owner',
});
