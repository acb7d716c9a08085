/**
 * The team page's socket: it only says that the team's members, name or retros changed, and
 * the page fetches them again. It reconnects by itself (the board's backoff), and asks the page
 * to fetch everything whenever it (re)opens, since notices sent while it was away are lost.
 */
import { backoff, PING_MS, type LiveEnv } from '../live/client';

export type TeamChange = 'team' | 'members' | 'retros' | 'actions';

export interface TeamLiveListener {
  onchange(what: TeamChange): void;
  /** The socket (re)opened: anything may have changed meanwhile. */
  onresync(): void;
  /** The server will not let this person follow the team any more (left, removed, signed out). */
  ongone(): void;
}

type TeamEnv = Pick<LiveEnv, 'makeSocket' | 'random' | 'setTimeout' | 'clearTimeout'>;

const browserEnv = (): TeamEnv => ({
  makeSocket: (url) => new WebSocket(url),
  random: () => Math.random(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (h) => window.clearTimeout(h as number),
});

const PONG_GRACE_MS = 10_000;
const CHANGES: ReadonlySet<string> = new Set(['team', 'members', 'retros', 'actions']);
/** Not found / not a member, and signed out: trying again would not help. */
const FINAL_CODES: ReadonlySet<number> = new Set([4401, 4403, 4404]);
/** Why this page closes its socket: codes for the other end, never shown to anyone. */
const CLOSE_REASON = { pageClosed: 'page-closed', noPong: 'no-answer-to-ping' } as const;

export function teamLiveUrl(origin: { protocol: string; host: string }, teamId: string): string {
  const scheme = origin.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${origin.host}/api/teams/${encodeURIComponent(teamId)}/live`;
}

/** A frame from the server, if it is one this page understands. */
export function parseTeamFrame(data: unknown): { type: 'team_changed'; what: TeamChange } | { type: 'pong' } | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const frame = value as Record<string, unknown>;
  if (frame.type === 'pong') return { type: 'pong' };
  if (frame.type === 'team_changed' && typeof frame.what === 'string' && CHANGES.has(frame.what)) {
    return { type: 'team_changed', what: frame.what as TeamChange };
  }
  return null;
}

export class TeamLive {
  readonly #url: string;
  readonly #listener: TeamLiveListener;
  readonly #env: TeamEnv;
  #socket: WebSocket | null = null;
  #attempt = 0;
  #retryTimer: unknown = null;
  #pingTimer: unknown = null;
  #pongTimer: unknown = null;
  #stopped = true;

  constructor(
    teamId: string,
    listener: TeamLiveListener,
    env: TeamEnv = browserEnv(),
    origin: { protocol: string; host: string } = window.location,
  ) {
    this.#url = teamLiveUrl(origin, teamId);
    this.#listener = listener;
    this.#env = env;
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
    socket?.close(1000, CLOSE_REASON.pageClosed);
  }

  #connect(): void {
    if (this.#stopped) return;
    const socket = this.#env.makeSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      if (socket !== this.#socket) return;
      this.#attempt = 0;
      this.#schedulePing();
      this.#listener.onresync();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (socket !== this.#socket) return;
      const frame = parseTeamFrame(event.data);
      if (frame?.type === 'pong') this.#clear('pong');
      else if (frame) this.#listener.onchange(frame.what);
    };
    socket.onclose = (event: CloseEvent) => {
      if (socket !== this.#socket) return;
      this.#socket = null;
      this.#clearTimers();
      if (this.#stopped) return;
      if (FINAL_CODES.has(event.code)) {
        this.#stopped = true;
        this.#listener.ongone();
        return;
      }
      this.#attempt += 1;
      this.#retryTimer = this.#env.setTimeout(() => this.#connect(), backoff(this.#attempt, this.#env.random()));
    };
  }

  /** A socket that stops answering pings is given up and replaced. */
  #schedulePing(): void {
    this.#pingTimer = this.#env.setTimeout(() => {
      const socket = this.#socket;
      if (!socket || socket.readyState !== 1) return;
      socket.send('{"type":"ping"}');
      this.#pongTimer = this.#env.setTimeout(() => socket.close(4000, CLOSE_REASON.noPong), PONG_GRACE_MS);
      this.#schedulePing();
    }, PING_MS);
  }

  #clear(which: 'pong' | 'all'): void {
    if (this.#pongTimer !== null) this.#env.clearTimeout(this.#pongTimer);
    this.#pongTimer = null;
    if (which === 'pong') return;
    for (const timer of [this.#pingTimer, this.#retryTimer]) {
      if (timer !== null) this.#env.clearTimeout(timer);
    }
    this.#pingTimer = null;
    this.#retryTimer = null;
  }

  #clearTimers(): void {
    this.#clear('all');
  }
}
