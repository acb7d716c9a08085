import { count, i18n, params } from '../i18n/catalogue';

export const phaseControlWords = i18n('board.phaseControls', {
  timer: 'Timer',
  minutes: params('{minutes}m'),
  start: count({ one: 'Start a {count} minute timer', other: 'Start a {count} minute timer' }),
  stop: 'Stop timer',
  next: 'Next phase',
  previous: 'Previous phase',
  goTo: 'Go to phase',
  goToShort: 'Go to…',
  settings: 'Settings',
  menu: 'Facilitator menu',
});
