import { count, i18n } from '../i18n/catalogue';

export const teamsPageWords = i18n('teams.teamsPage', {
  title: 'Teams',
  loadFailed: 'Could not load your teams.',
  tryAgain: 'Try again',
  loading: 'Loading your teams…',
  none: 'No teams yet',
  noneHint:
    'A team is the group that runs retros together: product, tech lead, engineers, design and QA. Create one below, then invite the others with a link from the team page.',
  list: 'Your teams',
  facilitator: 'Facilitator',
  members: count({ one: '{count} member', other: '{count} members' }),
  retros: count({ one: '{count} retro', other: '{count} retros' }),
  compare: 'Compare teams',
  compareHint: "Trends side by side, and each team's follow-through, tech debt and radar gaps.",
  create: 'Create a team',
  createHint: 'You will be its facilitator: you can rename it, invite people and run its retros.',
});
