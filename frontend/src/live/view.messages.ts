/** The names of a retro's phases, what each asks of people, and the names of untitled topics. */
import { i18n } from '../i18n/catalogue';

export const phaseWords = i18n('live.phases', {
  check_in: 'Check-in',
  review: 'Review',
  reflect: 'Reflect',
  reveal: 'Reveal',
  group: 'Group',
  vote: 'Vote',
  discuss: 'Discuss',
  actions: 'Actions',
  closed: 'Closed',
});

export const phasePromptWords = i18n('live.phasePrompts', {
  check_in: 'One line on how you arrive today.',
  review: 'Go through the open action items from earlier retros.',
  reflect: 'Write your cards. Nobody else sees their text until the reveal.',
  reveal: "Read everyone's cards.",
  group: 'Group cards that are about the same thing, and name the groups.',
  vote: 'Vote for the topics you most want to discuss.',
  discuss: 'Talk through the top topics, one at a time.',
  actions: 'Agree who does what, by when.',
  closed: 'This retro is closed.',
});

export const topicWords = i18n('live.topics', {
  untitledGroup: 'Untitled group',
  hiddenCard: 'Hidden card',
});
