import { i18n } from '../i18n/catalogue';

export const newRetroWords = i18n('teams.newRetro', {
  form: 'New retro',
  titleRequired: 'Give the retro a title.',
  endsBeforeStart: 'The sprint cannot end before it starts.',
  title: 'Title',
  titleExample: 'e.g. Sprint 42 retro',
  sprintName: 'Sprint name',
  optional: 'Optional',
  sprintStart: 'Sprint start',
  sprintEnd: 'Sprint end',
  template: 'Template',
  teamTemplates: "This team's templates",
  team: 'Team',
  builtIn: 'Built in',
  create: 'Create retro',
  cancel: 'Cancel',
});
