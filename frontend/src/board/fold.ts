/** Whether a closed retro's board is unfolded, kept per retro for this browser tab's session, so
 * a facilitator who opens it keeps it open across live updates and reloads. Storage may be
 * unavailable (private modes, blocked by policy): then the fold simply starts closed. */
import { asItWasWords } from './BoardAsItWas.messages';

const PREFIX = 'twofold.board-as-it-was.';

export function foldOpen(retroId: string, storage: Storage | null = sessionStore()): boolean {
  try {
    return storage?.getItem(PREFIX + retroId) === 'open';
  } catch {
    return false;
  }
}

export function rememberFold(retroId: string, open: boolean, storage: Storage | null = sessionStore()): void {
  try {
    if (open) storage?.setItem(PREFIX + retroId, 'open');
    else storage?.removeItem(PREFIX + retroId);
  } catch {
    // Nothing to keep it in: the fold still works, it is just forgotten on reload.
  }
}

function sessionStore(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** "3 topics, 7 cards": the fold's label says what it holds before it is opened. */
export function foldCounts(topics: number, cards: number): string {
  const words = asItWasWords.get();
  return words.counts({ topics: words.topics(topics), cards: words.cards(cards) });
}
