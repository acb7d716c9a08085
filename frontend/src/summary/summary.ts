/**
 * Words and figures for a retro's closing summary. Pure functions, so the wording is tested
 * without a browser; the server has already left out whatever the reader may not see.
 */
import type { ClosingSummary, EqualVoice, SideTally, SummaryTopic } from '../api/types';
import { roleLabel } from '../vocab/labels';
import { factWords } from './summary.messages';

const ROLE_KEYS = { pm: 'pm', eng: 'eng', tech_lead: 'techLead', design: 'design', qa: 'qa', em: 'em' } as const;

/** "3 Engineers": how many took part in a role. */
function inRole(role: string, n: number): string {
  const words = factWords.get();
  const key = ROLE_KEYS[role as keyof typeof ROLE_KEYS];
  return key ? words[key](n) : words.otherRole({ count: n, role: roleLabel(role) });
}

/** "43%", or a dash when there was nothing to share. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

/** "1 Product Manager, 2 Engineers": who took part, largest group first. */
export function peopleLine(byRole: Readonly<Record<string, number>>): string {
  const parts = Object.entries(byRole)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([role, n]) => inRole(role, n));
  return parts.length ? parts.join(', ') : factWords.get().nobody;
}

/** A topic's heading: its group's title, or the text of the card that stands alone. */
export function topicHeading(topic: SummaryTopic): string {
  return topic.title ?? topic.cards[0]?.text ?? factWords.get().untitled;
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
  const words = factWords.get();
  const rows: [string, SideTally | null | undefined][] = [
    [words.people, voice.people],
    [words.cards, voice.cards],
    [words.votes, voice.votes],
    [words.notes, voice.notes],
    [words.actions, voice.actions],
  ];
  return rows.flatMap(([label, tally]) => (tally ? [{ label, tally }] : []));
}

/** A side's count with what stands beside it: joint items, and roles on neither side. */
export function sideCount(count: number, joint: number): string {
  return joint ? factWords.get().joint({ count, joint }) : String(count);
}

export function cardCount(s: ClosingSummary): number {
  return s.topics.reduce((n, t) => n + t.cards.length, 0);
}

/** The files a summary can be downloaded as, by their name on the server. */
export const EXPORTS = ['summary.md', 'summary.pdf', 'summary.json', 'cards.csv', 'actions.csv'] as const;
