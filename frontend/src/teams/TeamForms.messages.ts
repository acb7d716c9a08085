import { i18n } from '../i18n/catalogue';

/** The words of the forms that create a team and change its name and language. */
export const teamFormWords = i18n('teams.teamForms', {
  nameRequired: 'Give the team a name.',
  nameNeeded: 'The team needs a name.',
  name: 'Team name',
  nameExample: 'e.g. Checkout squad',
  yourRole: 'Your role',
  create: 'Create team',
  renameForm: 'Team name and language',
  language: 'Language',
  languageHint:
    'What Twofold writes for the whole team: chat posts, wiki pages, reports, exports, built-in templates for new retros, and mail to members who have not chosen a language.',
  save: 'Save',
  cancel: 'Cancel',
});
