import { i18n, params } from '../i18n/catalogue';

export const teamTemplateWords = i18n('templates.list', {
  renamed: 'Template renamed',
  deleted: params('Deleted “{name}”'),
  title: 'Team templates',
  description: 'Retro formats this team saved. Retros already made from one keep their copy.',
  none: 'No team templates yet',
  noneHint: params(
    "When a retro's columns and settings worked well, a facilitator saves them from the board with {save}. They show up here and in {newRetro}.",
  ),
  saveAsTemplate: 'Save as template',
  newRetro: 'New retro',
  savedBy: params('Saved by {name}'),
  use: 'Use for a new retro',
  renameOf: params('Rename {name}'),
  rename: 'Rename',
  deleteOf: params('Delete {name}'),
  delete: 'Delete',
  renameTitle: 'Rename template',
  save: 'Save',
  deleteTitle: params('Delete “{name}”?'),
  template: 'template',
  deleteMessage: 'New retros can no longer start from it. Retros already made from it stay as they are.',
});

export const templateDialogWords = i18n('templates.dialog', {
  nameMissing: 'Give the template a name.',
  name: 'Template name',
  description: 'Description',
  descriptionHint: 'Optional: when the team should pick it.',
  cancel: 'Cancel',
});
