/**
 * A team's items in its tracker, as a list page shows them: whether the team is connected,
 * each item's ticket, and pushing one. While a push is with the worker the list is read again
 * every two seconds, until no push is waiting.
 */
import * as integrationsApi from '../api/integrations';
import type { TicketOut } from '../api/types';

type Kind = TicketOut['item_kind'];

const POLL_MS = 2000;

export class TeamTickets {
  /** The team's tracker by name ("Jira"), or '' when it has none. */
  tracker = $state('');
  byItem = $state<Record<string, TicketOut>>({});
  /** The item being pushed right now. */
  pushing = $state('');

  readonly #teamId: () => string;
  readonly #kind: Kind;
  #poll: ReturnType<typeof setTimeout> | undefined;

  constructor(teamId: () => string, kind: Kind) {
    this.#teamId = teamId;
    this.#kind = kind;
  }

  load = async (): Promise<void> => {
    clearTimeout(this.#poll);
    const [connections, list] = await Promise.all([
      integrationsApi.listConnections(this.#teamId()),
      integrationsApi.listTickets(this.#teamId()),
    ]);
    this.tracker = connections.find((c) => c.kind === 'tracker')?.name ?? '';
    this.byItem = Object.fromEntries(
      list.filter((t) => t.item_kind === this.#kind).map((t) => [t.item_id, t]),
    );
    if (integrationsApi.waiting([], list)) {
      this.#poll = setTimeout(() => void this.load().catch(() => {}), POLL_MS);
    }
  };

  /** Queue the item's ticket; a refusal is thrown for the page to show where it belongs. */
  push = async (itemId: string): Promise<void> => {
    this.pushing = itemId;
    try {
      const push = this.#kind === 'action' ? integrationsApi.pushAction : integrationsApi.pushDebt;
      this.byItem = { ...this.byItem, [itemId]: await push(itemId) };
      await this.load();
    } finally {
      this.pushing = '';
    }
  };

  /** Have the item follow a ticket that exists already, by its key or address. */
  link = async (itemId: string, ref: string): Promise<void> => {
    const link = this.#kind === 'action' ? integrationsApi.linkAction : integrationsApi.linkDebt;
    this.byItem = { ...this.byItem, [itemId]: await link(itemId, ref) };
    await this.load();
  };

  stop(): void {
    clearTimeout(this.#poll);
  }
}
