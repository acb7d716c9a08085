/**
 * Words and figures for a retro's closing summary. Pure functions, so the wording is tested
 * without a browser; the server has already left out whatever the reader may not see.
 */
import type { ClosingSummary, EqualVoice, SideTally, SummaryTopic } from '../api/types';
import { roleLabel } from '../vocab/labels';

/** "43%", or a dash when there was nothing to share. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

/** "1 Product Manager, 2 Engineers": who took part, largest group first. */
export function peopleLine(byRole: Readonly<Record<string, number>>): string {
  const parts = Object.entries(byRole)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([role, n]) => `${n} ${roleLabel(role)}${n === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'Nobody joined the board';
}

/** A topic's heading: its group's title, or the text of the card that stands alone. */
export function topicHeading(topic: SummaryTopic): string {
  return topic.title ?? topic.cards[0]?.text ?? 'Untitled topic';
}

/** A row group of a friction table: a column or a role, with its counts. */
export interface FrictionRow {
  key: string;
  name: string;
  counts: { friction: string; count: number }[];
}

export interface VoiceRow {
  label: string;
  tally: SideTally;
}

/** The equal-voice table's rows, in the order the summary reads them. */
export function voiceRows(voice: EqualVoice): VoiceRow[] {
  const rows: [string, SideTally | null | undefined][] = [
    ['People', voice.people],
    ['Cards', voice.cards],
    ['Votes', voice.votes],
    ['Discussion notes', voice.notes],
    ['Action items owned', voice.actions],
  ];
  return rows.flatMap(([label, tally]) => (tally ? [{ label, tally }] : []));
}

/** A side's count with what stands beside it: joint items, and roles on neither side. */
export function sideCount(count: number, joint: number): string {
  return joint ? `${count} + ${joint} joint` : String(count);
}

export function cardCount(s: ClosingSummary): number {
  return s.topics.reduce((n, t) => n + t.cards.length, 0);
}

/** The files a summary can be downloaded as, by their name on the server. */
export const EXPORTS = [
  { name: 'summary.md', label: 'Markdown' },
  { name: 'summary.pdf', label: 'PDF' },
  { name: 'summary.json', label: 'JSON' },
  { name: 'cards.csv', label: 'Cards (CSV)' },
  { name: 'actions.csv', label: 'Action items (CSV)' },
] as const;
