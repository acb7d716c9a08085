/** What the board shows, derived from its state: phase names, topics, votes, readiness. */
import type { Card, GroupView, ParticipantView, Phase, Retro, Role } from '../api/types';
import { PHASES, cardsHidden } from './protocol';
import { phasePromptWords, phaseWords, topicWords } from './view.messages';

/** A phase's name, in the UI's language when it is asked for. */
export const phaseLabel = (phase: Phase): string => phaseWords.get()[phase];

/** What a phase asks of the people in it. */
export const phasePrompt = (phase: Phase): string => phasePromptWords.get()[phase];

export const HIDDEN_PHASES: readonly Phase[] = PHASES.filter(cardsHidden);

export function activePhases(retro: Pick<Retro, 'settings'>): Phase[] {
  const skipped = new Set(retro.settings.skipped_phases);
  return PHASES.filter((p) => !skipped.has(p));
}

export function nextPhase(retro: Pick<Retro, 'settings' | 'phase'>): Phase | null {
  const i = PHASES.indexOf(retro.phase);
  return activePhases(retro).find((p) => PHASES.indexOf(p) > i) ?? null;
}

export function previousPhase(retro: Pick<Retro, 'settings' | 'phase'>): Phase | null {
  const i = PHASES.indexOf(retro.phase);
  return activePhases(retro).filter((p) => PHASES.indexOf(p) < i).at(-1) ?? null;
}

/** At or after `phase` in the flow. */
export function atLeast(current: Phase, phase: Phase): boolean {
  return PHASES.indexOf(current) >= PHASES.indexOf(phase);
}

export function mayAddCards(retro: Pick<Retro, 'phase' | 'settings'>, now: number): boolean {
  if (retro.phase === 'reflect') return true;
  if (!retro.settings.collect_early || atLeast(retro.phase, 'reflect')) return false;
  const deadline = retro.settings.collect_deadline;
  return !deadline || Date.parse(deadline) > now;
}

export function myKey(retro: Pick<Retro, 'me'>): string {
  return retro.me.key;
}

export function isReady(p: ParticipantView, phase: Phase): boolean {
  return p.ready_phase === phase;
}

/** A topic to vote on and discuss: a group, or a card in no group. */
export interface Topic {
  id: string;
  kind: 'group' | 'card';
  title: string;
  group: GroupView | null;
  cards: Card[];
  votes: number;
  mine: number;
}

const byCreated = (a: Card, b: Card) =>
  (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.id.localeCompare(b.id);

export function topics(retro: Retro): Topic[] {
  const out: Topic[] = [];
  const grouped = new Map<string, Card[]>();
  for (const card of retro.cards) {
    if (card.group_id) {
      const list = grouped.get(card.group_id) ?? [];
      list.push(card);
      grouped.set(card.group_id, list);
    }
  }
  for (const group of retro.groups) {
    out.push({
      id: group.id,
      kind: 'group',
      title: group.title || topicWords.get().untitledGroup,
      group,
      cards: (grouped.get(group.id) ?? []).sort(byCreated),
      votes: retro.votes[group.id] ?? 0,
      mine: retro.my_votes[group.id] ?? 0,
    });
  }
  const known = new Set(retro.groups.map((g) => g.id));
  for (const card of [...retro.cards].sort(byCreated)) {
    if (card.group_id && known.has(card.group_id)) continue;
    out.push({
      id: card.id,
      kind: 'card',
      title: card.text ?? topicWords.get().hiddenCard,
      group: null,
      cards: [card],
      votes: retro.votes[card.id] ?? 0,
      mine: retro.my_votes[card.id] ?? 0,
    });
  }
  return out;
}

/** Topics with the most votes first (stable otherwise). */
export function rankedTopics(retro: Retro): Topic[] {
  return topics(retro)
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.votes - a.t.votes || a.i - b.i)
    .map(({ t }) => t);
}

export function votesLeft(retro: Retro): number {
  const used = retro.votes_used[retro.me.key] ?? Object.values(retro.my_votes).reduce((a, b) => a + b, 0);
  return Math.max(0, (retro.settings.votes_per_person ?? 3) - used);
}

/** Tallies are shown unless hidden during the vote. */
export function talliesShown(retro: Pick<Retro, 'phase' | 'settings'>): boolean {
  return !(retro.settings.hide_tallies && retro.phase === 'vote');
}

/** Roles that exactly one person present holds (showing roles would name them). */
export function singletonRoles(people: readonly { role: Role; key: string }[]): Role[] {
  const counts = new Map<Role, Set<string>>();
  for (const p of people) counts.set(p.role, (counts.get(p.role) ?? new Set()).add(p.key));
  return [...counts].filter(([, keys]) => keys.size === 1).map(([role]) => role);
}

/** Remaining ms of the timer, by the server's clock. */
export function remainingMs(endsAt: string | null, now: number, offset: number): number | null {
  if (!endsAt) return null;
  const end = Date.parse(endsAt);
  if (Number.isNaN(end)) return null;
  return Math.max(0, end - (now + offset));
}

export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
