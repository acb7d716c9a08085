import { i18n } from '../i18n/catalogue';

export const deliveryWords = i18n('vocab.deliveries', {
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
});
