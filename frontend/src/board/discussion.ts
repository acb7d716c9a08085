/**
 * The discuss phase's layout: the topic on the table opens in full, every other topic is a
 * short summary (in the board's order, most votes first) that the facilitator can pick next.
 */
import type { ActionView, Retro } from '../api/types';
import type { Topic } from '../live/view';
import { discussWords } from './discussion.messages';

export interface DiscussionLayout<T> {
  /** The topic being discussed, or null when none is chosen (or it is no longer on the board). */
  current: T | null;
  /** Every other topic, in the order given. */
  others: T[];
}

export function splitCurrent<T extends { id: string }>(
  topics: readonly T[],
  currentId: string | null | undefined,
): DiscussionLayout<T> {
  const current = currentId ? (topics.find((t) => t.id === currentId) ?? null) : null;
  return { current, others: current ? topics.filter((t) => t !== current) : [...topics] };
}

/** What a summary says about a topic that is not being discussed. */
export interface TopicSummary {
  votes: number;
  cards: number;
  hasNotes: boolean;
  actions: number;
}

/** Action items that came out of one topic, oldest first (as the server lists them). */
export function actionsFor(retro: Pick<Retro, 'actions'>, topicId: string): ActionView[] {
  return retro.actions.filter((a) => a.topic_id === topicId);
}

export function summarise(
  topic: Pick<Topic, 'id' | 'votes' | 'cards'>,
  retro: Pick<Retro, 'notes' | 'actions'>,
): TopicSummary {
  return {
    votes: topic.votes,
    cards: topic.cards.length,
    hasNotes: (retro.notes[topic.id] ?? '').trim() !== '',
    actions: actionsFor(retro, topic.id).length,
  };
}

/** One sentence for assistive technology, e.g. "3 votes, 2 cards, has notes, 1 action item". */
export function describeSummary(s: TopicSummary): string {
  const w = discussWords.get();
  const parts = [w.votes(s.votes), w.cards(s.cards)];
  if (s.hasNotes) parts.push(w.hasNotes);
  if (s.actions > 0) parts.push(w.actions(s.actions));
  return parts.join(', ');
}
