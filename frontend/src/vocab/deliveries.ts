/** What each kind of team event in a team's deliveries is about; only the deliveries page
 * needs these words. Kinds are open-ended (a new one needs only the server), so an unknown kind
 * is shown as it is. */
import { deliveryWords } from './deliveries.messages';

export function deliveryKindLabel(kind: string): string {
  return (deliveryWords.get() as Record<string, string>)[kind] ?? kind;
}
