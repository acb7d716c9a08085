/**
 * The board's WebSocket, kept alive: snapshot, then events in `seq` order into a reducer;
 * reconnects by itself (exponential backoff with jitter, `?since=` the last applied seq with the
 * log's identity and that event's tag, so a database restored since answers with a snapshot; a
 * fresh connection on any gap); an outbox of commands not yet acknowledged, re-sent after a reconnect
 * with the same `command_id` (the server applies each id once). A command the server could not
 * store just now (`retry_later`: its database locked, full or away) stays in the outbox and is
 * sent again after the server's hint, while the page says saving is paused.
 */
import type { Retro } from '../api/types';
import {
  parseFrame,
  type BoardEvent,
  type Command,
  type ErrorInfo,
  type PresenceEntry,
  type ServerFrame,
} from './protocol';
import { applyEvent } from './reducer';
import { closeMessage } from '../vocab/closes';
import type { Params } from '../vocab/labels';
import { clientWords } from './client.messages';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'closed';

/** Close codes after which trying again cannot help: signed out, refused origin, not (or no
 * longer) a participant of an existing retro. */
export const CLOSE_SIGNED_OUT = 4401;
export const CLOSE_REFUSED = 4403;
export const CLOSE_NOT_FOUND = 4404;
export const FINAL_CLOSES: ReadonlySet<number> = new Set([CLOSE_SIGNED_OUT, CLOSE_REFUSED, CLOSE_NOT_FOUND]);
/** The reason a page gives when it closes its socket for good: a token for the server's logs. */
const CLOSE_REASON_LEAVING = 'leaving';

export interface Ack {
  command_id: string;
  seq: number;
  duplicate: boolean;
  result?: Record<string, unknown> | null;
}

export class CommandError extends Error {
  readonly code: string;
  readonly details: unknown;
  /** The values the message was made from (error frames carry them beside the code). */
  readonly params: Params;
  constructor(info: ErrorInfo & { params?: unknown }) {
    super(info.message);
    this.code = info.code;
    this.details = info.details ?? null;
    const params = info.params;
    this.params = typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Params) : {};
  }
}

export interface LiveListener {
  board(state: Retro, cause: 'snapshot' | BoardEvent): void;
  /** `closeCode` is the server's close code when the connection ended for good. */
  connection(state: ConnectionState, message: string, closeCode?: number): void;
  presence(participants: PresenceEntry[]): void;
  /** True while the server says changes by others may reach this board late (it cannot reach
   * the other server processes); false once they flow again, and on every new socket. */
  liveStatus(delayed: boolean): void;
  /** The server clock minus ours, in ms, from the last snapshot. */
  clock(offsetMs: number): void;
  /** True while commands wait for the server's storage to take them again (`retry_later`). */
  saving?(paused: boolean): void;
}

interface Pending {
  command: Command;
  resolve: (ack: Ack) => void;
  reject: (error: Error) => void;
}

/** What the client needs from its surroundings; tests pass fakes. */
export interface LiveEnv {
  makeSocket(url: string): WebSocket;
  now(): number;
  random(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  online(): boolean;
  uuid(): string;
}

const browserEnv = (): LiveEnv => ({
  makeSocket: (url) => new WebSocket(url),
  now: () => Date.now(),
  random: () => Math.random(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (h) => window.clearTimeout(h as number),
  online: () => navigator.onLine,
  uuid: () => crypto.randomUUID(),
});

export const PING_MS = 25_000;
const PONG_GRACE_MS = 10_000;
const BACKOFF_BASE_MS = 500;
/** Bounds on the server's `retry_after` hint, in seconds, should it send an odd one. */
const RETRY_LATER_MIN_S = 1;
const RETRY_LATER_MAX_S = 60;

/** When to send a `retry_later` command again: the server's hint, bounded, plus up to a fifth
 * more at random so a room full of clients does not come back at the same instant. */
export function retryLaterDelay(details: unknown, random: number): number {
  const hint = typeof details === 'object' && details !== null ? (details as { retry_after?: unknown }).retry_after : undefined;
  const seconds = typeof hint === 'number' && Number.isFinite(hint) ? hint : 2;
  const bounded = Math.min(RETRY_LATER_MAX_S, Math.max(RETRY_LATER_MIN_S, seconds));
  return Math.round(bounded * 1000 * (1 + 0.2 * random));
}
const BACKOFF_MAX_MS = 30_000;

/** Delay before reconnect attempt `attempt` (1, 2, ...): doubling, capped, with full jitter on half. */
/** The order the server sends whole lists in (by name, then key), so a list built from changes
 * reads the same as one sent whole. */
export function sortedPresence(people: Map<string, PresenceEntry>): PresenceEntry[] {
  const name = (p: PresenceEntry) => p.display_name.toLowerCase();
  return [...people.values()].sort((a, b) =>
    name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
}

export function backoff(attempt: number, random: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** Where the client is in the board's log: what it resumes with (docs/live.md). */
export interface Position {
  since: number;
  log: string;
  tag: string;
}

export function liveUrl(origin: { protocol: string; host: string }, retroId: string, at: Position | null): string {
  const scheme = origin.protocol === 'https:' ? 'wss:' : 'ws:';
  const query =
    at === null
      ? ''
      : `?since=${at.since}&log=${encodeURIComponent(at.log)}&tag=${encodeURIComponent(at.tag)}`;
  return `${scheme}//${origin.host}/api/retros/${encodeURIComponent(retroId)}/live${query}`;
}

export class LiveClient {
  readonly retroId: string;
  state: Retro | null = null;
  lastSeq: number | null = null;
  /** The identity of the log the state came from, and the tag of the last event applied. */
  log = '';
  tag = '';
  connection: ConnectionState = 'connecting';

  #listener: LiveListener;
  #env: LiveEnv;
  #origin: { protocol: string; host: string };
  #socket: WebSocket | null = null;
  #attempt = 0;
  #retryTimer: unknown = null;
  #pingTimer: unknown = null;
  #pongTimer: unknown = null;
  #laterTimer: unknown = null;
  #stopped = false;
  #outbox = new Map<string, Pending>();
  /** Who is here, by key: the last whole list with the changes heard since applied. */
  #people = new Map<string, PresenceEntry>();
  /** Commands of the outbox the server asked to send again later. */
  #paused = new Set<string>();
  /** Events that came before the snapshot they follow (or out of order), by seq. */
  #buffer = new Map<number, { event: BoardEvent; tag: string }>();

  constructor(
    retroId: string,
    listener: LiveListener,
    env: LiveEnv = browserEnv(),
    origin: { protocol: string; host: string } = window.location,
  ) {
    this.retroId = retroId;
    this.#listener = listener;
    this.#env = env;
    this.#origin = origin;
  }

  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#clearTimers();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, CLOSE_REASON_LEAVING);
  }

  /** Commands waiting for the server's answer. */
  get pending(): number {
    return this.#outbox.size;
  }

  /** Whether saving is paused: commands wait for the server's storage (`retry_later`). */
  get savingPaused(): boolean {
    return this.#paused.size > 0;
  }

  /** Send a command; resolves on its ack, rejects with a CommandError on an error frame. */
  send(command: Command): Promise<Ack> {
    const id = this.#env.uuid();
    return new Promise<Ack>((resolve, reject) => {
      if (this.connection === 'closed') {
        reject(new CommandError({ code: 'closed', message: clientWords.get().notConnected }));
        return;
      }
      this.#outbox.set(id, { command, resolve, reject });
      if (this.connection === 'live') this.#transmit(id, command);
    });
  }

  // ---- connection ------------------------------------------------------------------------

  #connect(): void {
    if (this.#stopped) return;
    this.#setConnection(this.#attempt === 0 && this.state === null ? 'connecting' : this.#retryState());
    const at = this.lastSeq === null ? null : { since: this.lastSeq, log: this.log, tag: this.tag };
    const socket = this.#env.makeSocket(liveUrl(this.#origin, this.retroId, at));
    this.#socket = socket;
    // A new socket starts from "not delayed"; the server says so at once if it is.
    this.#listener.liveStatus(false);
    socket.onmessage = (e: MessageEvent) => {
      if (socket !== this.#socket) return;
      const frame = typeof e.data === 'string' ? parseFrame(e.data) : null;
      if (frame) this.#handle(frame);
    };
    socket.onclose = (e: CloseEvent) => {
      if (socket !== this.#socket) return;
      this.#socket = null;
      this.#clearTimers();
      if (FINAL_CLOSES.has(e.code)) {
        const final = closeMessage(e.code);
        this.#setConnection('closed', final, e.code);
        for (const [, p] of this.#outbox) p.reject(new CommandError({ code: 'closed', message: final }));
        this.#outbox.clear();
        this.#unpause(null);
        return;
      }
      this.#scheduleReconnect();
    };
    socket.onerror = () => undefined;
    socket.onopen = () => {
      // Resuming: missed events (if any) come first, and the server reads commands after them.
      if (socket === this.#socket && this.state !== null) this.#becameLive();
    };
  }

  #retryState(): ConnectionState {
    return this.#attempt >= 3 || !this.#env.online() ? 'offline' : 'reconnecting';
  }

  #scheduleReconnect(): void {
    if (this.#stopped) return;
    this.#attempt += 1;
    this.#setConnection(this.#retryState());
    const delay = backoff(this.#attempt, this.#env.random());
    this.#retryTimer = this.#env.setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, delay);
  }

  /** Drop this socket and start again from the last applied event (used on a gap). */
  #resync(): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#clearTimers();
    socket?.close(4000, 'Resyncing.');
    this.#buffer.clear();
    this.#attempt = 0;
    this.#setConnection('reconnecting');
    this.#connect();
  }

  #becameLive(): void {
    this.#attempt = 0;
    this.#setConnection('live');
    for (const [id, p] of this.#outbox) this.#transmit(id, p.command);
    this.#schedulePing();
  }

  #schedulePing(): void {
    this.#pingTimer = this.#env.setTimeout(() => {
      this.#pingTimer = null;
      this.#raw({ type: 'ping' });
      this.#pongTimer = this.#env.setTimeout(() => {
        // No answer: the connection is dead even if the browser has not noticed.
        this.#pongTimer = null;
        this.#resync();
      }, PONG_GRACE_MS);
    }, PING_MS);
  }

  #clearTimers(): void {
    // A paused command goes out again with the rest of the outbox once the socket is back.
    for (const t of [this.#retryTimer, this.#pingTimer, this.#pongTimer, this.#laterTimer]) {
      if (t !== null) this.#env.clearTimeout(t);
    }
    this.#retryTimer = this.#pingTimer = this.#pongTimer = this.#laterTimer = null;
  }

  /** Keep the command and send it again after the server's hint; the socket stays as it is. */
  #retryLater(commandId: string, details: unknown): void {
    const wasPaused = this.#paused.size > 0;
    this.#paused.add(commandId);
    if (!wasPaused) this.#listener.saving?.(true);
    if (this.#laterTimer !== null) return; // one timer sends every paused command
    this.#laterTimer = this.#env.setTimeout(() => {
      this.#laterTimer = null;
      if (this.connection !== 'live') return; // the reconnect re-sends the whole outbox
      for (const id of this.#paused) {
        const p = this.#outbox.get(id);
        if (p) this.#transmit(id, p.command);
      }
    }, retryLaterDelay(details, this.#env.random()));
  }

  /** A paused command was answered (or all were dropped, with `null`). */
  #unpause(commandId: string | null): void {
    if (this.#paused.size === 0) return;
    if (commandId === null) this.#paused.clear();
    else this.#paused.delete(commandId);
    if (this.#paused.size === 0) this.#listener.saving?.(false);
  }

  #setConnection(state: ConnectionState, message = '', closeCode?: number): void {
    this.connection = state;
    this.#listener.connection(state, message, closeCode);
  }

  #raw(message: unknown): void {
    const socket = this.#socket;
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(message));
  }

  #transmit(commandId: string, command: Command): void {
    this.#raw({ type: 'command', command_id: commandId, command });
  }

  // ---- frames ----------------------------------------------------------------------------

  #handle(frame: ServerFrame): void {
    switch (frame.type) {
      case 'snapshot':
        this.#snapshot(frame.board, frame.seq, frame.now, frame.log ?? '', frame.tag ?? '');
        break;
      case 'event':
        this.#event(frame.seq, frame.event, frame.tag ?? '');
        break;
      case 'ack': {
        const p = this.#outbox.get(frame.command_id);
        this.#outbox.delete(frame.command_id);
        this.#unpause(frame.command_id);
        p?.resolve(frame);
        break;
      }
      case 'error': {
        const p = frame.command_id ? this.#outbox.get(frame.command_id) : undefined;
        if (p && frame.command_id && frame.error.code === 'retry_later') {
          // Not refused: the server could not store it just now. Same id, sent again later.
          this.#retryLater(frame.command_id, frame.error.details);
          break;
        }
        if (frame.command_id) {
          this.#outbox.delete(frame.command_id);
          this.#unpause(frame.command_id);
        }
        p?.reject(new CommandError(frame.error));
        break;
      }
      case 'presence':
        this.#people = new Map(frame.participants.map((p) => [p.key, p]));
        this.#listener.presence(sortedPresence(this.#people));
        break;
      case 'presence_changed':
        for (const key of frame.left) this.#people.delete(key);
        for (const p of frame.joined) this.#people.set(p.key, p);
        this.#listener.presence(sortedPresence(this.#people));
        break;
      case 'live_status':
        this.#listener.liveStatus(frame.delayed);
        break;
      case 'pong':
        if (this.#pongTimer !== null) this.#env.clearTimeout(this.#pongTimer);
        this.#pongTimer = null;
        this.#schedulePing();
        break;
    }
    // A resume (`since`) answers with events, not a snapshot: the first frame means we are live.
    if (this.connection !== 'live' && this.state !== null && this.#socket !== null) this.#becameLive();
  }

  #snapshot(board: Retro, seq: number, now: string, log: string, tag: string): void {
    // Also the answer to a resume the server could not honour (the database was restored from
    // a backup since): the board is replaced whole, never patched with events that do not fit.
    this.state = board;
    this.lastSeq = seq;
    this.log = log;
    this.tag = tag;
    const server = Date.parse(now);
    if (!Number.isNaN(server)) this.#listener.clock(server - this.#env.now());
    this.#listener.board(board, 'snapshot');
    this.#drain();
  }

  #event(seq: number, event: BoardEvent, tag: string): void {
    if (this.state === null || this.lastSeq === null) {
      this.#buffer.set(seq, { event, tag });
      return;
    }
    if (seq <= this.lastSeq) return; // already applied
    if (seq > this.lastSeq + 1) {
      this.#resync();
      return;
    }
    this.#apply(seq, event, tag);
    this.#drain();
  }

  #apply(seq: number, event: BoardEvent, tag: string): void {
    if (this.state === null) return;
    this.state = applyEvent(this.state, event);
    this.lastSeq = seq;
    this.tag = tag;
    this.#listener.board(this.state, event);
  }

  /** Apply buffered events that now follow on. */
  #drain(): void {
    if (this.lastSeq === null) return;
    for (const seq of [...this.#buffer.keys()]) if (seq <= this.lastSeq) this.#buffer.delete(seq);
    let next = this.#buffer.get(this.lastSeq + 1);
    while (next) {
      this.#buffer.delete(this.lastSeq + 1);
      this.#apply(this.lastSeq + 1, next.event, next.tag);
      next = this.#buffer.get(this.lastSeq + 1);
    }
  }
}
