/** Why a board's socket was closed for good, by close code (see ../live/client.ts); only the
 * board needs these words. */
import { closeWords } from './closes.messages';

/** Empty for a code that is not final. */
export function closeMessage(code: number): string {
  return (closeWords.get() as Record<number, string>)[code] ?? '';
}
