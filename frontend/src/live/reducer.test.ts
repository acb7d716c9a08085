import { describe, expect, it } from 'vitest';
import type { Retro } from '../api/types';
import type { BoardEvent, EventType } from './protocol';
import { ANONYMOUS, isBoardEvent, parseFrame } from './protocol';
import { applyEvent } from './reducer';

function board(overrides: Partial<Retro> = {}): Retro {
  return {
    id: 'r1',
    team_id: 't1',
    title: 'Sprint 7',
    sprint_name: null,
    sprint_start: null,
    sprint_end: null,
    template: 'pm_engineering',
    template_name: null,
    phase: 'reveal',
    created_at: '2026-01-01T00:00:00Z',
    card_count: 2,
    archived_at: null,
    seq: 5,
    team_name: 'Squad',
    settings: {
      anonymous: false,
      show_roles: true,
      skipped_phases: [],
      collect_early: false,
      collect_deadline: null,
      votes_per_person: 3,
      max_votes_per_card: 3,
      hide_tallies: false,
    },
    timer_ends_at: null,
    timer_seconds: null,
    topic_id: null,
    columns: [{ id: 'c1', retro_id: 'r1', title: 'Kudos', position: 0, polarities: ['went_well'] }],
    groups: [{ id: 'g1', title: 'Speed' }],
    cards: [
      { id: 'k1', retro_id: 'r1', column_id: 'c1', text: 'mine', author_id: 'u1', author_kind: 'member', is_mine: true, group_id: 'g1' },
      { id: 'k2', retro_id: 'r1', column_id: 'c1', text: 'theirs', author_id: 'u2', author_kind: 'member', is_mine: false },
    ],
    votes: { g1: 2 },
    my_votes: { g1: 1 },
    votes_used: {},
    reactions: {},
    participants: [],
    notes: {},
    actions: [],
    earlier_actions: [],
    backlog_cards: {},
    me: { kind: 'member', id: 'u1', key: 'm:u1', display_name: 'Ada', role: 'pm', is_facilitator: true },
    ...overrides,
  };
}

const participant = { key: 'm:u2', display_name: 'Bo', role: 'eng' as const, kind: 'member' as const };

/** One example of every event type; the test below fails when a type is missing. */
const EXAMPLES: { [K in EventType]: Extract<BoardEvent, { type: K }> } = {
  card_added: { type: 'card_added', card: { id: 'k3', column_id: 'c1', text: 'new', author_id: 'u1', author_kind: 'member' } },
  card_edited: { type: 'card_edited', card: { id: 'k2', column_id: 'c1', text: 'changed', author_id: 'u2', author_kind: 'member' } },
  card_deleted: { type: 'card_deleted', card_id: 'k2' },
  column_added: { type: 'column_added', column: { id: 'c2', title: 'Ideas', position: 1, polarities: ['proposal'] } },
  column_changed: { type: 'column_changed', column: { id: 'c1', title: 'Praise', position: 0, polarities: ['went_well'] } },
  column_removed: { type: 'column_removed', column_id: 'c1' },
  retro_changed: { type: 'retro_changed', title: 'Renamed', sprint_name: 'S8' },
  phase_changed: { type: 'phase_changed', phase: 'group' },
  settings_changed: { type: 'settings_changed', settings: { ...board().settings, anonymous: true } },
  group_created: { type: 'group_created', group: { id: 'g2', title: 'New' }, card_ids: ['k1', 'k2'], removed_group_ids: ['g1'] },
  cards_grouped: { type: 'cards_grouped', group_id: 'g1', card_ids: ['k2'], removed_group_ids: [] },
  card_ungrouped: { type: 'card_ungrouped', card_id: 'k1', removed_group_id: 'g1' },
  group_renamed: { type: 'group_renamed', group: { id: 'g1', title: 'Velocity' } },
  groups_merged: { type: 'groups_merged', source_group_id: 'g1', target_group_id: 'g9' },
  vote_changed: { type: 'vote_changed', voter: 'm:u1', votes_used: 2, topic_id: 'k2', topic_votes: 1, my_topic_votes: 1 },
  ready_changed: { type: 'ready_changed', participant: { ...participant, ready_phase: 'reveal' } },
  checked_in: { type: 'checked_in', participant: { ...participant, check_in: 'Tired but happy' } },
  participant_joined: { type: 'participant_joined', participant },
  timer_set: { type: 'timer_set', ends_at: '2026-01-01T00:05:00Z', seconds: 300 },
  reaction_toggled: { type: 'reaction_toggled', card_id: 'k2', emoji: '🎉', participant: 'm:u1', on: true },
  topic_set: { type: 'topic_set', topic_id: 'g1' },
  notes_saved: { type: 'notes_saved', topic_id: 'g1', text: 'We agreed' },
  signals_changed: { type: 'signals_changed' },
  radar_changed: { type: 'radar_changed' },
  backlog_changed: { type: 'backlog_changed', cards: { k2: 'd1', k1: null } },
  withheld: { type: 'withheld' },
  action_created: {
    type: 'action_created',
    action: { id: 'a1', title: 'Fix CI', owner_user_id: null, owner_name: 'Bo', due: null, status: 'open', topic_id: 'g1', created_at: '2026-01-01T00:00:00Z' },
  },
  action_reviewed: {
    type: 'action_reviewed',
    outcome: 'carry_over',
    reason: null,
    action: { id: 'a0', title: 'Old item', owner_user_id: null, owner_name: null, due: null, status: 'open', topic_id: null, created_at: '2025-12-01T00:00:00Z', carry_count: 1, category: 'tech_debt', owner_kind: null },
  },
  action_changed: {
    type: 'action_changed',
    action: { id: 'a0', title: 'Old item', owner_user_id: null, owner_name: null, due: null, status: 'in_progress', topic_id: null, created_at: '2025-12-01T00:00:00Z', retro_id: 'r0' },
  },
  action_removed: { type: 'action_removed', action_id: 'a0' },
};

describe('every event type', () => {
  it.each(Object.values(EXAMPLES))('$type passes the guard and does not mutate its input', (event) => {
    expect(isBoardEvent(event)).toBe(true);
    const before = board();
    const frozen = JSON.stringify(before);
    applyEvent(before, event);
    expect(JSON.stringify(before)).toBe(frozen);
  });
});

describe('applyEvent', () => {
  it('card_added adds the card, marks it mine, counts it', () => {
    const s = applyEvent(board(), EXAMPLES.card_added);
    expect(s.cards.find((c) => c.id === 'k3')).toMatchObject({ text: 'new', is_mine: true, retro_id: 'r1' });
    expect(s.card_count).toBe(3);
  });

  it('card_edited replaces the card', () => {
    const s = applyEvent(board(), EXAMPLES.card_edited);
    expect(s.cards.find((c) => c.id === 'k2')).toMatchObject({ text: 'changed', is_mine: false });
  });

  it('card_deleted drops a group it emptied and the votes of the topics that went', () => {
    const s = applyEvent(
      board({
        groups: [{ id: 'g9', title: 'Only one card' }],
        votes: { g9: 2, k2: 1, other: 4 },
        my_votes: { g9: 1 },
      }),
      { type: 'card_deleted', card_id: 'k2', removed_group_id: 'g9' },
    );
    expect(s.groups).toEqual([]);
    expect(s.votes).toEqual({ other: 4 });
    expect(s.my_votes).toEqual({});
  });

  it('card_deleted removes the card and its reactions', () => {
    const s = applyEvent(board({ reactions: { k2: { '👍': ['m:u1'] } } }), EXAMPLES.card_deleted);
    expect(s.cards.map((c) => c.id)).toEqual(['k1']);
    expect(s.reactions).toEqual({});
    expect(s.card_count).toBe(1);
  });

  it('column_added / column_changed / column_removed', () => {
    expect(applyEvent(board(), EXAMPLES.column_added).columns.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(applyEvent(board(), EXAMPLES.column_changed).columns[0]).toMatchObject({ title: 'Praise', retro_id: 'r1' });
    expect(applyEvent(board(), EXAMPLES.column_removed).columns).toEqual([]);
  });

  it('retro_changed sets title and sprint', () => {
    expect(applyEvent(board(), EXAMPLES.retro_changed)).toMatchObject({ title: 'Renamed', sprint_name: 'S8' });
  });

  it('phase_changed sets the phase and stops the timer', () => {
    const s = applyEvent(board({ timer_ends_at: 'x', timer_seconds: 60 }), EXAMPLES.phase_changed);
    expect(s).toMatchObject({ phase: 'group', timer_ends_at: null, timer_seconds: null });
  });

  it('phase_changed into a hidden phase hides other people’s text', () => {
    const s = applyEvent(board(), { type: 'phase_changed', phase: 'reflect' });
    expect(s.cards.find((c) => c.id === 'k1')?.text).toBe('mine');
    const other = s.cards.find((c) => c.id === 'k2');
    expect(other).toMatchObject({ hidden: true, column_id: 'c1' });
    expect(other?.text).toBeUndefined();
  });

  it('phase_changed reveals cards and tallies', () => {
    const hidden = board({
      phase: 'reflect',
      cards: [{ id: 'k2', retro_id: 'r1', column_id: 'c1', hidden: true, is_mine: false }],
    });
    const s = applyEvent(hidden, {
      type: 'phase_changed',
      phase: 'reveal',
      revealed: [{ id: 'k2', column_id: 'c1', text: 'now seen', hidden: false }],
      tallies: { k2: 4 },
    });
    expect(s.cards[0]).toMatchObject({ text: 'now seen', hidden: false });
    expect(s.votes).toEqual({ k2: 4 });
  });

  it('settings_changed replaces settings and re-reveals authorship', () => {
    const s = applyEvent(board(), {
      ...EXAMPLES.settings_changed,
      revealed: [{ id: 'k2', column_id: 'c1', text: 'theirs' }],
    });
    expect(s.settings.anonymous).toBe(true);
    expect(s.cards.find((c) => c.id === 'k2')?.author_id).toBeUndefined();
  });

  it('group_created makes a group and drops emptied ones', () => {
    const s = applyEvent(board(), EXAMPLES.group_created);
    expect(s.groups).toEqual([{ id: 'g2', title: 'New' }]);
    expect(s.cards.every((c) => c.group_id === 'g2')).toBe(true);
  });

  it('cards_grouped moves cards into a group', () => {
    const s = applyEvent(board(), EXAMPLES.cards_grouped);
    expect(s.cards.find((c) => c.id === 'k2')?.group_id).toBe('g1');
  });

  it('card_ungrouped takes a card out and drops an emptied group', () => {
    const s = applyEvent(board(), EXAMPLES.card_ungrouped);
    expect(s.cards.find((c) => c.id === 'k1')?.group_id).toBeNull();
    expect(s.groups).toEqual([]);
  });

  it('group_renamed', () => {
    expect(applyEvent(board(), EXAMPLES.group_renamed).groups[0]?.title).toBe('Velocity');
  });

  it('groups_merged moves cards, votes and the topic', () => {
    const start = board({ groups: [{ id: 'g1', title: 'A' }, { id: 'g9', title: 'B' }], votes: { g1: 2, g9: 1 }, topic_id: 'g1' });
    const s = applyEvent(start, EXAMPLES.groups_merged);
    expect(s.groups.map((g) => g.id)).toEqual(['g9']);
    expect(s.cards.find((c) => c.id === 'k1')?.group_id).toBe('g9');
    expect(s.votes).toEqual({ g9: 3 });
    expect(s.my_votes).toEqual({ g9: 1 });
    expect(s.topic_id).toBe('g9');
  });

  it('vote_changed updates counts, mine and the voter’s total', () => {
    const s = applyEvent(board(), EXAMPLES.vote_changed);
    expect(s.votes).toEqual({ g1: 2, k2: 1 });
    expect(s.my_votes).toEqual({ g1: 1, k2: 1 });
    expect(s.votes_used).toEqual({ 'm:u1': 2 });
  });

  it('vote_changed with hidden tallies only moves the voter’s total', () => {
    const s = applyEvent(board(), { type: 'vote_changed', voter: 'm:u2', votes_used: 1 });
    expect(s.votes).toEqual({ g1: 2 });
    expect(s.votes_used).toEqual({ 'm:u2': 1 });
  });

  it('ready_changed and checked_in upsert the participant', () => {
    let s = applyEvent(board(), EXAMPLES.ready_changed);
    expect(s.participants).toEqual([{ ...participant, ready_phase: 'reveal' }]);
    s = applyEvent(s, EXAMPLES.checked_in);
    expect(s.participants).toHaveLength(1);
    expect(s.participants[0]?.check_in).toBe('Tired but happy');
  });

  it('timer_set', () => {
    expect(applyEvent(board(), EXAMPLES.timer_set)).toMatchObject({ timer_ends_at: '2026-01-01T00:05:00Z', timer_seconds: 300 });
  });

  it('reaction_toggled on and off', () => {
    let s = applyEvent(board(), EXAMPLES.reaction_toggled);
    expect(s.reactions).toEqual({ k2: { '🎉': ['m:u1'] } });
    s = applyEvent(s, { ...EXAMPLES.reaction_toggled, on: false });
    expect(s.reactions).toEqual({ k2: {} });
  });

  it('reaction_toggled from someone unnamed counts them in and out, one at a time', () => {
    const unnamed = { ...EXAMPLES.reaction_toggled, participant: ANONYMOUS };
    let s = applyEvent(board({ reactions: { k2: { '🎉': ['m:u1'] } } }), unnamed);
    s = applyEvent(s, unnamed);
    expect(s.reactions.k2?.['🎉']).toEqual(['m:u1', ANONYMOUS, ANONYMOUS]);
    s = applyEvent(s, { ...unnamed, on: false });
    expect(s.reactions.k2?.['🎉']).toEqual(['m:u1', ANONYMOUS]);
    // My own toggle still names me, and leaves the others' count alone.
    s = applyEvent(s, { ...EXAMPLES.reaction_toggled, on: false });
    expect(s.reactions.k2?.['🎉']).toEqual([ANONYMOUS]);
    s = applyEvent(s, { ...unnamed, on: false });
    s = applyEvent(s, { ...unnamed, on: false });
    expect(s.reactions).toEqual({ k2: {} });
  });

  it('backlog_changed marks cards sent to the backlog and unmarks those that left it', () => {
    const s = applyEvent(board({ backlog_cards: { k1: 'd0' } }), EXAMPLES.backlog_changed);
    expect(s.backlog_cards).toEqual({ k2: 'd1' });
  });

  it('withheld changes nothing', () => {
    const before = board();
    expect(applyEvent(before, EXAMPLES.withheld)).toBe(before);
    expect(isBoardEvent({ type: 'backlog_changed', cards: { k1: 3 } })).toBe(false);
  });

  it('topic_set, notes_saved, action_created (idempotent)', () => {
    expect(applyEvent(board(), EXAMPLES.topic_set).topic_id).toBe('g1');
    expect(applyEvent(board(), EXAMPLES.notes_saved).notes).toEqual({ g1: 'We agreed' });
    const once = applyEvent(board(), EXAMPLES.action_created);
    expect(applyEvent(once, EXAMPLES.action_created).actions).toHaveLength(1);
  });
});

describe('parseFrame', () => {
  it('accepts known frames and drops malformed ones', () => {
    expect(parseFrame('{"type":"pong"}')).toEqual({ type: 'pong' });
    expect(parseFrame('{"type":"event","seq":3,"event":{"type":"card_deleted","card_id":"k"}}')).not.toBeNull();
    expect(parseFrame('{"type":"event","seq":"3","event":{"type":"card_deleted","card_id":"k"}}')).toBeNull();
    expect(parseFrame('{"type":"event","seq":3,"event":{"type":"nope"}}')).toBeNull();
    expect(parseFrame('{"type":"event","seq":3,"event":{"type":"card_deleted"}}')).toBeNull();
    expect(parseFrame('not json')).toBeNull();
    expect(parseFrame('{"type":"error","command_id":null,"error":{"code":"x","message":"y"}}')).not.toBeNull();
  });
});

describe('signals_changed', () => {
  it('leaves the board as it is (the signals are fetched apart) and needs no payload', () => {
    const before = board();
    expect(applyEvent(before, { type: 'signals_changed' })).toBe(before);
    expect(isBoardEvent({ type: 'signals_changed' })).toBe(true);
  });
});

describe('radar_changed', () => {
  it('leaves the board as it is (the radar is fetched apart) and names nobody', () => {
    const before = board();
    expect(applyEvent(before, { type: 'radar_changed' })).toBe(before);
    expect(isBoardEvent({ type: 'radar_changed' })).toBe(true);
  });
});

describe('action_changed', () => {
  const earlier = { id: 'a0', title: 'Old item', owner_user_id: null, owner_name: null, due: null, status: 'open', topic_id: null, created_at: '2025-12-01T00:00:00Z', retro_id: 'r0' };

  it('updates the item where the board lists it, and nowhere else', () => {
    const mine = { ...earlier, id: 'a5', retro_id: 'r1' };
    const s = applyEvent(board({ earlier_actions: [earlier], actions: [mine] }), EXAMPLES.action_changed);
    expect(s.earlier_actions?.map((a) => [a.id, a.status])).toEqual([['a0', 'in_progress']]);
    expect(s.actions.map((a) => [a.id, a.status])).toEqual([['a5', 'open']]);
  });

  it('brings a reopened earlier item back into review, but not one of this retro', () => {
    const s = applyEvent(board({ earlier_actions: [] }), EXAMPLES.action_changed);
    expect(s.earlier_actions?.map((a) => a.id)).toEqual(['a0']);
    const own = { ...EXAMPLES.action_changed, action: { ...EXAMPLES.action_changed.action, retro_id: 'r1' } };
    expect(applyEvent(board({ earlier_actions: [] }), own).earlier_actions).toEqual([]);
    const dropped = { ...EXAMPLES.action_changed, action: { ...EXAMPLES.action_changed.action, status: 'dropped' } };
    expect(applyEvent(board({ earlier_actions: [] }), dropped).earlier_actions).toEqual([]);
  });
});

describe('action_reviewed', () => {
  const earlier = { id: 'a0', title: 'Old item', owner_user_id: null, owner_name: null, due: null, status: 'open', topic_id: null, created_at: '2025-12-01T00:00:00Z' };

  it('replaces the item in the review list, keeping its place', () => {
    const other = { ...earlier, id: 'a9', title: 'Other' };
    const s = applyEvent(board({ earlier_actions: [earlier, other] }), EXAMPLES.action_reviewed);
    expect(s.earlier_actions?.map((a) => [a.id, a.carry_count ?? 0])).toEqual([['a0', 1], ['a9', 0]]);
  });

  it('refuses a review without a known outcome', () => {
    expect(isBoardEvent({ ...EXAMPLES.action_reviewed, outcome: 'maybe' })).toBe(false);
    expect(isBoardEvent({ ...EXAMPLES.action_reviewed, action: { id: 'a0' } })).toBe(false);
  });
});

describe('action_removed', () => {
  const item = { id: 'a0', title: 'Old item', owner_user_id: null, owner_name: null, due: null, status: 'open', topic_id: null, created_at: '2025-12-01T00:00:00Z', retro_id: 'r0' };

  it('drops the item from every list of the board, keeping the others', () => {
    const other = { ...item, id: 'a7', retro_id: 'r1' };
    const s = applyEvent(
      board({ earlier_actions: [item], actions: [{ ...item, retro_id: 'r1' }, other] }),
      EXAMPLES.action_removed,
    );
    expect(s.earlier_actions).toEqual([]);
    expect(s.actions.map((a) => a.id)).toEqual(['a7']);
  });

  it('is refused without an id', () => {
    expect(isBoardEvent({ type: 'action_removed' })).toBe(false);
    expect(isBoardEvent({ type: 'action_removed', action_id: 7 })).toBe(false);
  });
});

/** Each case: a board, the events the server sends, and what a fresh snapshot then shows. */
describe('a board kept by events equals a fresh snapshot', () => {
  const counts = (s: Retro) => ({ votes: s.votes, my_votes: s.my_votes, votes_used: s.votes_used });
  const lone = (id: string, group_id: string | null = null) => ({ id, retro_id: 'r1', column_id: 'c1', text: id, is_mine: false, group_id });

  it('cards_grouped with a title renames the group', () => {
    const s = applyEvent(board(), { type: 'cards_grouped', group_id: 'g1', card_ids: ['k2'], title: 'Checkout' });
    expect(s.groups).toEqual([{ id: 'g1', title: 'Checkout' }]);
    // Without one the title stays.
    const t = applyEvent(board(), { type: 'cards_grouped', group_id: 'g1', card_ids: ['k2'], title: null });
    expect(t.groups).toEqual([{ id: 'g1', title: 'Speed' }]);
  });

  it('a voted card deleted by a facilitator gives the voters their votes back', () => {
    const start = board({ phase: 'vote', votes: { g1: 2, k2: 2 }, my_votes: { g1: 1, k2: 1 }, votes_used: { 'm:u1': 2, 'm:u2': 1 } });
    let s = applyEvent(start, { type: 'card_deleted', card_id: 'k2' });
    s = applyEvent(s, { type: 'vote_changed', voter: 'm:u1', votes_used: 1 });
    s = applyEvent(s, { type: 'vote_changed', voter: 'm:u2', votes_used: 0 });
    expect(counts(s)).toEqual({ votes: { g1: 2 }, my_votes: { g1: 1 }, votes_used: { 'm:u1': 1 } });
    // In an anonymous retro nothing follows: our own total comes from our own votes.
    const settings = { ...board().settings, anonymous: true };
    const anon = applyEvent({ ...start, settings, votes_used: { 'm:u1': 2 } }, { type: 'card_deleted', card_id: 'k2' });
    expect(counts(anon)).toEqual({ votes: { g1: 2 }, my_votes: { g1: 1 }, votes_used: { 'm:u1': 1 } });
  });

  it('a voted lone card grouped after the vote brings its votes to the group', () => {
    const start = board({
      phase: 'group',
      cards: [lone('k1', 'g1'), lone('k2'), lone('k3')],
      votes: { g1: 1, k2: 2, k3: 1 },
      my_votes: { k2: 1, k3: 1 },
    });
    let s = applyEvent(start, { type: 'cards_grouped', group_id: 'g1', card_ids: ['k2'] });
    expect(counts(s)).toEqual({ votes: { g1: 3, k3: 1 }, my_votes: { g1: 1, k3: 1 }, votes_used: {} });
    s = applyEvent(s, { type: 'group_created', group: { id: 'g2', title: 'Alone' }, card_ids: ['k3'] });
    expect(counts(s)).toEqual({ votes: { g1: 3, g2: 1 }, my_votes: { g1: 1, g2: 1 }, votes_used: {} });
    // A card already in a group brings nothing of its own.
    const again = applyEvent(s, { type: 'cards_grouped', group_id: 'g2', card_ids: ['k2'] });
    expect(again.votes).toEqual({ g1: 3, g2: 1 });
  });

  it('ungrouping the last card of a voted group drops the group’s votes', () => {
    const start = board({ phase: 'group', cards: [lone('k1', 'g1')], votes: { g1: 2 }, my_votes: { g1: 1 }, votes_used: { 'm:u1': 1, 'm:u2': 1 } });
    let s = applyEvent(start, { type: 'card_ungrouped', card_id: 'k1', removed_group_id: 'g1' });
    // Our own count follows at once; someone else's comes as an event.
    expect(s.votes_used).toEqual({ 'm:u2': 1 });
    s = applyEvent(s, { type: 'vote_changed', voter: 'm:u2', votes_used: 0 });
    expect(s.groups).toEqual([]);
    expect(counts(s)).toEqual({ votes: {}, my_votes: {}, votes_used: {} });
    // A regrouping that empties a voted group drops its votes too.
    const two = board({ groups: [{ id: 'g1', title: 'A' }, { id: 'g2', title: 'B' }], cards: [lone('k1', 'g1')], votes: { g1: 2 }, my_votes: { g1: 1 } });
    const t = applyEvent(two, { type: 'cards_grouped', group_id: 'g2', card_ids: ['k1'], removed_group_ids: ['g1'] });
    expect(counts(t)).toEqual({ votes: {}, my_votes: {}, votes_used: {} });
  });

  it('moving back to a hidden phase keeps no more of others’ cards than a snapshot does', () => {
    const start = board({
      cards: [{ ...lone('k2'), created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z', author_name: 'Bo' }],
    });
    const s = applyEvent(start, { type: 'phase_changed', phase: 'reflect' });
    expect(s.cards).toEqual([{ id: 'k2', retro_id: 'r1', column_id: 'c1', group_id: null, hidden: true, is_mine: false }]);
  });

  it('one’s own card keeps its author through an anonymous reveal', () => {
    const settings = { ...board().settings, anonymous: true, show_roles: false };
    const own = { id: 'k1', retro_id: 'r1', column_id: 'c1', hidden: false, text: 'mine', author_id: 'u1', author_kind: 'member' as const, author_name: 'Ada', author_role: 'pm' as const, is_mine: true };
    const theirs = { id: 'k2', retro_id: 'r1', column_id: 'c1', hidden: true, is_mine: false };
    const s = applyEvent(board({ phase: 'reflect', settings, cards: [own, theirs] }), {
      type: 'phase_changed',
      phase: 'reveal',
      revealed: [
        { id: 'k1', column_id: 'c1', text: 'mine', hidden: false, author_id: null, author_kind: null, author_name: null, author_role: null },
        { id: 'k2', column_id: 'c1', text: 'theirs', hidden: false, author_id: null, author_kind: null, author_name: null, author_role: null },
      ],
    });
    expect(s.cards.find((c) => c.id === 'k1')).toMatchObject({ author_name: 'Ada', author_id: 'u1', author_role: 'pm', is_mine: true });
    expect(s.cards.find((c) => c.id === 'k2')).toMatchObject({ author_name: null, author_id: null, is_mine: false });
  });

  it('hidden tallies: going back from the vote shows only one’s own votes again', () => {
    const settings = { ...board().settings, hide_tallies: true };
    const start = board({ phase: 'discuss', settings, votes: { g1: 5 }, my_votes: { g1: 1 } });
    const s = applyEvent(start, { type: 'phase_changed', phase: 'group' });
    expect(s.votes).toEqual({ g1: 1 });
    const out = applyEvent({ ...s, phase: 'vote' }, { type: 'phase_changed', phase: 'discuss', tallies: { g1: 5 } });
    expect(out.votes).toEqual({ g1: 5 });
  });

  it('hidden tallies: one’s own vote shows one’s own count on the topic, as a snapshot does', () => {
    const settings = { ...board().settings, hide_tallies: true };
    const start = board({ phase: 'vote', settings, votes: { g1: 1 }, my_votes: { g1: 1 } });
    // Someone else voted on g1 too; the server tells the voter only their own two votes.
    const s = applyEvent(start, {
      type: 'vote_changed',
      voter: 'm:u1',
      votes_used: 2,
      topic_id: 'g1',
      topic_votes: 2,
      my_topic_votes: 2,
    });
    expect(s.votes).toEqual(s.my_votes);
    expect(s.votes_used).toEqual({ 'm:u1': 2 });
  });
});
