import { i18n, params } from '../i18n/catalogue';

export const categoryWords = i18n('actions.categories', {
  requirements_clarity: 'Requirements clarity',
  velocity_quality: 'Velocity vs quality',
  tech_debt: 'Tech debt',
  communication_rituals: 'Communication & rituals',
});

export const statusWords = i18n('actions.statuses', {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
});

export const outcomeWords = i18n('actions.outcomes', {
  done: 'Marked done',
  carry_over: 'Carried over',
  drop: 'Dropped',
});

export const itemWords = i18n('actions.items', {
  noCategory: 'No category',
  carried: params('carried {count}×'),
  guest: params('{name} (guest)'),
  titleMissing: 'Give the action item a title.',
  titleLong: 'Use at most 200 characters.',
  categoryMissing: 'Pick the friction this item addresses.',
  pmMissing: 'Choose the PM.',
  leadMissing: 'Choose the tech lead.',
  duePast: 'The due date cannot be in the past.',
});
