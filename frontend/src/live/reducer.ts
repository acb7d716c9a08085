/**
 * Pure functions that move a board snapshot forward by one event. The board store applies the
 * snapshot, then every event in `seq` order through `applyEvent`; nothing here mutates its input.
 */
import type { ActionView, Card, Retro } from '../api/types';
import { ANONYMOUS, cardsHidden, talliesHidden, type BoardEvent, type CardView } from './protocol';

/**
 * Give an event's card the fields a board card has, keeping what we knew about it. In an
 * anonymous retro the form everyone gets names no author; of our own cards we keep who wrote
 * them, as a snapshot tells their author.
 */
export function toCard(state: Retro, view: CardView, previous?: Card): Card {
  const named = view.author_id !== null && view.author_id !== undefined;
  const mine = named ? view.author_id === state.me.id && view.author_kind === state.me.kind : (previous?.is_mine ?? false);
  if (mine && !named && previous) {
    const { author_role, author_kind, author_id, author_name } = previous;
    return { ...view, author_role, author_kind, author_id, author_name, retro_id: state.id, is_mine: true };
  }
  return { ...view, retro_id: state.id, is_mine: mine };
}

/** The card as others see it while cards are hidden: only that it exists, and where (not
 * even when it was written, as a snapshot would not say). */
export function hideCard(card: Card): Card {
  return {
    id: card.id,
    column_id: card.column_id,
    group_id: card.group_id ?? null,
    hidden: true,
    retro_id: card.retro_id,
    is_mine: false,
  };
}

function upsertCards(state: Retro, views: readonly CardView[]): Card[] {
  const byId = new Map(state.cards.map((c) => [c.id, c]));
  for (const view of views) byId.set(view.id, toCard(state, view, byId.get(view.id)));
  return [...byId.values()];
}

function withoutGroups(state: Retro, ids: readonly string[] | null | undefined): Retro['groups'] {
  if (!ids || ids.length === 0) return state.groups;
  const gone = new Set(ids);
  return state.groups.filter((g) => !gone.has(g.id));
}

function setGroup(cards: Card[], ids: readonly string[], groupId: string | null): Card[] {
  const set = new Set(ids);
  return cards.map((c) => (set.has(c.id) ? { ...c, group_id: groupId } : c));
}

function moveCount(counts: Record<string, number>, from: string, to: string): Record<string, number> {
  if (!(from in counts)) return counts;
  const { [from]: moved = 0, ...rest } = counts;
  return { ...rest, [to]: (rest[to] ?? 0) + moved };
}

/** Counts without the topics that left the board. */
function dropTopics(counts: Record<string, number>, gone: readonly (string | null | undefined)[]): Record<string, number> {
  const ids = gone.filter((id): id is string => !!id);
  if (!ids.some((id) => id in counts)) return counts;
  return Object.fromEntries(Object.entries(counts).filter(([topic]) => !ids.includes(topic)));
}

/**
 * The vote counts once these topics have left the board, with their votes. Our own count of
 * votes used follows from our own votes; other people's come as `vote_changed` events (none in
 * an anonymous retro, where we see only our own).
 */
function withoutTopics(state: Retro, gone: readonly (string | null | undefined)[]): Pick<Retro, 'votes' | 'my_votes' | 'votes_used'> {
  const myVotes = dropTopics(state.my_votes, gone);
  const votes = dropTopics(state.votes, gone);
  if (myVotes === state.my_votes) return { votes, my_votes: myVotes, votes_used: state.votes_used };
  const used = Object.values(myVotes).reduce((a, b) => a + b, 0);
  return { votes, my_votes: myVotes, votes_used: setCount(state.votes_used, state.me.key, used) };
}

/** A count of nothing is no entry, as in a snapshot. */
function setCount(counts: Record<string, number>, key: string, n: number): Record<string, number> {
  if (n) return { ...counts, [key]: n };
  if (!(key in counts)) return counts;
  return Object.fromEntries(Object.entries(counts).filter(([k]) => k !== key));
}

/**
 * Cards join a group: a card that was in no group was a topic of its own, and its votes come
 * along (as on the server); groups the move emptied are gone, with their votes.
 */
function joinGroup(state: Retro, groupId: string, cardIds: readonly string[], removed: readonly string[] | undefined): Retro {
  let { votes, my_votes: myVotes } = state;
  const joining = new Set(cardIds);
  for (const card of state.cards) {
    if (joining.has(card.id) && !card.group_id) {
      votes = moveCount(votes, card.id, groupId);
      myVotes = moveCount(myVotes, card.id, groupId);
    }
  }
  return {
    ...state,
    cards: setGroup(state.cards, cardIds, groupId),
    ...withoutTopics({ ...state, votes, my_votes: myVotes }, removed ?? []),
  };
}

function finish(state: Retro): Retro {
  return { ...state, card_count: state.cards.length };
}

export function applyEvent(state: Retro, event: BoardEvent): Retro {
  switch (event.type) {
    case 'card_added':
    case 'card_edited':
      return finish({ ...state, cards: upsertCards(state, [event.card]) });

    case 'card_deleted': {
      // A card alone is its own topic: its votes go with it, as does a group it emptied.
      const reactions = { ...state.reactions };
      delete reactions[event.card_id];
      return finish({
        ...state,
        cards: state.cards.filter((c) => c.id !== event.card_id),
        groups: withoutGroups(state, event.removed_group_id ? [event.removed_group_id] : []),
        ...withoutTopics(state, [event.card_id, event.removed_group_id]),
        reactions,
      });
    }

    case 'column_added':
    case 'column_changed': {
      const column = { ...event.column, retro_id: state.id };
      const others = state.columns.filter((c) => c.id !== column.id);
      return { ...state, columns: [...others, column] };
    }

    case 'column_removed':
      return { ...state, columns: state.columns.filter((c) => c.id !== event.column_id) };

    case 'retro_changed':
      return { ...state, title: event.title, sprint_name: event.sprint_name };

    case 'phase_changed': {
      let cards = event.revealed ? upsertCards(state, event.revealed) : state.cards;
      // Moving back into a hidden phase: the server stops sending other people's text; we
      // stop showing what we already have.
      if (cardsHidden(event.phase)) cards = cards.map((c) => (c.is_mine ? c : hideCard(c)));
      // Hidden tallies: back before the vote's end, only our own votes show again; leaving the
      // vote for good, the event tells everyone's.
      let votes = state.votes;
      if (state.settings.hide_tallies && talliesHidden(event.phase)) votes = { ...state.my_votes };
      else if (event.tallies) votes = { ...event.tallies };
      return finish({
        ...state,
        phase: event.phase,
        cards,
        votes,
        // A phase change stops the timer.
        timer_ends_at: null,
        timer_seconds: null,
      });
    }

    case 'settings_changed':
      return finish({
        ...state,
        settings: event.settings,
        cards: event.revealed ? upsertCards(state, event.revealed) : state.cards,
      });

    case 'group_created':
      return {
        ...joinGroup(state, event.group.id, event.card_ids, event.removed_group_ids),
        groups: [...withoutGroups(state, event.removed_group_ids).filter((g) => g.id !== event.group.id), event.group],
      };

    case 'cards_grouped': {
      const title = event.title;
      const groups = withoutGroups(state, event.removed_group_ids);
      return {
        ...joinGroup(state, event.group_id, event.card_ids, event.removed_group_ids),
        groups: typeof title === 'string' ? groups.map((g) => (g.id === event.group_id ? { ...g, title } : g)) : groups,
      };
    }

    case 'card_ungrouped': {
      // A group it emptied is gone, with its votes.
      return {
        ...state,
        groups: withoutGroups(state, event.removed_group_id ? [event.removed_group_id] : []),
        cards: setGroup(state.cards, [event.card_id], null),
        ...withoutTopics(state, [event.removed_group_id]),
      };
    }

    case 'group_renamed':
      return {
        ...state,
        groups: state.groups.map((g) => (g.id === event.group.id ? event.group : g)),
      };

    case 'groups_merged': {
      const { source_group_id: from, target_group_id: to } = event;
      return {
        ...state,
        groups: state.groups.filter((g) => g.id !== from),
        cards: state.cards.map((c) => (c.group_id === from ? { ...c, group_id: to } : c)),
        votes: moveCount(state.votes, from, to),
        my_votes: moveCount(state.my_votes, from, to),
        notes:
          from in state.notes && !(to in state.notes)
            ? { ...state.notes, [to]: state.notes[from] ?? '' }
            : state.notes,
        topic_id: state.topic_id === from ? to : state.topic_id,
      };
    }

    case 'vote_changed': {
      let { votes, my_votes: myVotes, votes_used: used } = state;
      if (event.voter) used = setCount(used, event.voter, event.votes_used);
      if (event.topic_id && typeof event.topic_votes === 'number') {
        votes = setCount(votes, event.topic_id, event.topic_votes);
      }
      if (event.topic_id && typeof event.my_topic_votes === 'number') {
        myVotes = setCount(myVotes, event.topic_id, event.my_topic_votes);
      }
      return { ...state, votes, my_votes: myVotes, votes_used: used };
    }

    case 'ready_changed':
    case 'participant_joined':
    case 'checked_in': {
      const p = event.participant;
      const exists = state.participants.some((x) => x.key === p.key);
      return {
        ...state,
        participants: exists
          ? state.participants.map((x) => (x.key === p.key ? p : x))
          : [...state.participants, p],
      };
    }

    case 'timer_set':
      return { ...state, timer_ends_at: event.ends_at, timer_seconds: event.seconds };

    case 'reaction_toggled': {
      const forCard = { ...(state.reactions[event.card_id] ?? {}) };
      let who = [...(forCard[event.emoji] ?? [])];
      if (event.participant === ANONYMOUS) {
        // Someone unnamed: count them in, or one unnamed reaction out.
        const at = who.indexOf(ANONYMOUS);
        if (event.on) who.push(ANONYMOUS);
        else if (at >= 0) who.splice(at, 1);
      } else {
        who = who.filter((k) => k !== event.participant);
        if (event.on) who.push(event.participant);
      }
      if (who.length) forCard[event.emoji] = who;
      else delete forCard[event.emoji];
      return { ...state, reactions: { ...state.reactions, [event.card_id]: forCard } };
    }

    case 'topic_set':
      return { ...state, topic_id: event.topic_id };

    case 'notes_saved':
      return { ...state, notes: { ...state.notes, [event.topic_id]: event.text } };

    // The board's state holds neither the signals nor the radar: the board fetches them when it
    // sees these.
    case 'signals_changed':
    case 'radar_changed':
    case 'withheld':
      return state;

    case 'backlog_changed': {
      const marks = { ...state.backlog_cards };
      for (const [cardId, debtId] of Object.entries(event.cards)) {
        if (debtId === null) delete marks[cardId];
        else marks[cardId] = debtId;
      }
      return { ...state, backlog_cards: marks };
    }

    case 'action_created':
      return {
        ...state,
        actions: [...state.actions.filter((a) => a.id !== event.action.id), event.action],
      };

    // The item stays in the review list with its new state, so everyone sees what was decided.
    case 'action_reviewed': {
      const replace = (list: readonly ActionView[]) =>
        list.map((a) => (a.id === event.action.id ? event.action : a));
      const earlier = state.earlier_actions ?? [];
      return {
        ...state,
        earlier_actions: earlier.some((a) => a.id === event.action.id)
          ? replace(earlier)
          : [...earlier, event.action],
        actions: replace(state.actions),
      };
    }

    // Changed on the team's page: wherever this board lists the item, it shows the new state.
    case 'action_changed': {
      const replace = (list: readonly ActionView[]) =>
        list.map((a) => (a.id === event.action.id ? event.action : a));
      const earlier = state.earlier_actions ?? [];
      const reopened =
        !earlier.some((a) => a.id === event.action.id) &&
        event.action.retro_id !== state.id &&
        (event.action.status === 'open' || event.action.status === 'in_progress');
      return {
        ...state,
        earlier_actions: reopened ? [...earlier, event.action] : replace(earlier),
        actions: replace(state.actions),
      };
    }

    // Deleted: no list of this board shows it any more.
    case 'action_removed':
      return {
        ...state,
        earlier_actions: (state.earlier_actions ?? []).filter((a) => a.id !== event.action_id),
        actions: state.actions.filter((a) => a.id !== event.action_id),
      };
  }
}
