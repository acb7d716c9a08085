import { i18n, params } from '../i18n/catalogue';

export const boardToolWords = i18n('board.tools', {
  saveAsTemplate: 'Save as template',
  invite: 'Invite',
  pm: 'PM',
  onlyOne: params('Only one {role} is here: showing roles will name them.'),
  templateTitle: 'Save as team template',
  templateIntro:
    "Keeps this retro's columns, settings and prompts, so the team can start the next retro the same way. Cards stay here.",
  templateSave: 'Save template',
  templateSaved: params('Saved “{name}”: pick it under New retro on the team page'),
});
