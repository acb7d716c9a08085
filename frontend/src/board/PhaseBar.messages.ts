import { count, i18n, params } from '../i18n/catalogue';

export const phaseBarWords = i18n('board.phaseBar', {
  title: 'Retro phase',
  skipped: '(skipped)',
  step: params('Step {step} of {total}'),
  prompt: params('{phase}:'),
  ready: params(count({ one: '{ready} of {count} ready', other: '{ready} of {count} ready' })),
  whoIsReady: 'Who is ready',
  isReady: params('{name} (ready)'),
  more: params('and {count} more'),
  morePeople: count({ one: 'more person', other: 'more people' }),
  undo: 'Ready — undo',
  imReady: "I'm ready",
  timeLeft: 'Time left',
  timeUp: "Time's up",
});
