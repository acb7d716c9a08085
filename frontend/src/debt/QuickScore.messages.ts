import { i18n, params } from '../i18n/catalogue';

export const quickScoreWords = i18n('debt.quickScore', {
  pickImpact: 'Pick an impact from 1 to 5.',
  enterDrag: 'Enter the hours lost per sprint.',
  pickEffort: 'Pick the effort.',
  knownDrag: params('· drag {hours}'),
  knownEffort: params('· effort {points}'),
  knownImpact: params('· impact {impact}'),
  form: params('Score {title}'),
  impact: 'Impact',
  drag: 'Drag (h/sprint)',
  effort: 'Effort (pts)',
  save: 'Save score',
  edit: 'Edit',
});
