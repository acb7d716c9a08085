/** How the team's list words a retro: where it stands, what it holds, what deleting it loses. */
import type { RetroSummary } from '../api/types';
import { formatDay } from '../ui/format';
import { retroListWords, retroPhaseWords } from './RetroList.messages';

/** "Reflecting", "Closed Dec 19, 2026". */
export function retroStatus(retro: Pick<RetroSummary, 'phase' | 'closed_at'>, locale?: string): string {
  if (retro.phase === 'closed' && retro.closed_at) {
    return retroListWords.get().closedOn({ date: formatDay(retro.closed_at, locale) });
  }
  return (retroPhaseWords.get() as Record<string, string>)[retro.phase] ?? retro.phase;
}

/** "12 cards · 3 action items". */
export function retroCounts(retro: Pick<RetroSummary, 'card_count' | 'action_count'>): string {
  const t = retroListWords.get();
  return `${t.cards(retro.card_count)} · ${t.actions(retro.action_count)}`;
}

/** The confirmation before deleting: what goes for good, and what stays. */
export function deleteWarning(retro: Pick<RetroSummary, 'card_count' | 'action_count'>): string {
  const t = retroListWords.get();
  const lost = retro.card_count ? t.deletesCards(retro.card_count) : t.deletesBoard;
  return retro.action_count ? `${lost} ${t.actionsStay(retro.action_count)}` : lost;
}

/** The retros the list shows, newest first as the server sends them. */
export function visibleRetros<T extends Pick<RetroSummary, 'archived_at'>>(
  retros: readonly T[],
  showArchived: boolean,
): T[] {
  return retros.filter((r) => showArchived || !r.archived_at);
}
