/** How the team's list words a retro: where it stands, what it holds, what deleting it loses. */
import type { Phase, RetroSummary } from '../api/types';
import { formatDay } from '../ui/format';

/** What the team is doing in each phase, as the list says it. */
export const PHASE_STATUS: Readonly<Record<Phase, string>> = {
  check_in: 'Checking in',
  review: 'Reviewing actions',
  reflect: 'Reflecting',
  reveal: 'Reading cards',
  group: 'Grouping',
  vote: 'Voting',
  discuss: 'Discussing',
  actions: 'Agreeing actions',
  closed: 'Closed',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Reflecting", "Closed Dec 19, 2026". */
export function retroStatus(retro: Pick<RetroSummary, 'phase' | 'closed_at'>, locale?: string): string {
  const word = PHASE_STATUS[retro.phase] ?? retro.phase;
  if (retro.phase !== 'closed' || !retro.closed_at) return word;
  return `${word} ${formatDay(retro.closed_at, locale)}`;
}

/** "12 cards · 3 action items". */
export function retroCounts(retro: Pick<RetroSummary, 'card_count' | 'action_count'>): string {
  return `${plural(retro.card_count, 'card')} · ${plural(retro.action_count, 'action item')}`;
}

/** The confirmation before deleting: what goes for good, and what stays. */
export function deleteWarning(retro: Pick<RetroSummary, 'card_count' | 'action_count'>): string {
  const cards = retro.card_count
    ? `its ${plural(retro.card_count, 'card')} with their groups, votes and notes`
    : 'its board';
  const kept = retro.action_count
    ? ` Its ${plural(retro.action_count, 'action item')} stay${retro.action_count === 1 ? 's' : ''} on the team's action list.`
    : '';
  return (
    `This deletes ${cards}, the sprint's signals and capacity, and any invite links for it. ` +
    `It cannot be undone; archive the retro instead to keep it out of the list.${kept}`
  );
}

/** The retros the list shows, newest first as the server sends them. */
export function visibleRetros<T extends Pick<RetroSummary, 'archived_at'>>(
  retros: readonly T[],
  showArchived: boolean,
): T[] {
  return retros.filter((r) => showArchived || !r.archived_at);
}
