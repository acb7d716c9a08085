import { i18n, params } from '../i18n/catalogue';

export const agreementsWords = i18n('rituals.agreements', {
  saved: 'Agreements saved',
  readOnly: 'Facilitators change the agreements; everyone on the team sees them.',
  dod: 'Definition of Done',
  up: params('Move “{item}” up'),
  down: params('Move “{item}” down'),
  remove: params('Remove “{item}”'),
  newItem: 'New item',
  newItemExample: 'e.g. Feature flag removed after rollout',
  addItem: 'Add item',
  template: 'Acceptance-criteria template',
  edgeCases: 'Keep an “Edge Cases” heading line, e.g. “## Edge Cases”.',
  templateHint: "Every story's acceptance criteria start from this; the Edge Cases section is required.",
  threshold: 'Pairing threshold (points)',
  thresholdHint: 'Stories over this many points get a PM + tech-lead pairing before planning.',
  save: 'Save agreements',
});
