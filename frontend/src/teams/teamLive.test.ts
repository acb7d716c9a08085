import { describe, expect, it } from 'vitest';
import { parseTeamFrame, TeamLive, teamLiveUrl, type TeamChange } from './teamLive';

class FakeSocket {
  readyState = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;

  constructor(readonly url: string) {}
  send(text: string) {
    this.sent.push(text);
  }
  close(code = 1000) {
    this.closedWith = code;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(data: string) {
    this.onmessage?.({ data });
  }
  drop(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const heard: string[] = [];
  const env = {
    makeSocket: (url: string) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s as unknown as WebSocket;
    },
    random: () => 0,
    setTimeout: (fn: () => void, ms: number) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimeout: (t: unknown) => {
      (t as { cleared: boolean }).cleared = true;
    },
  };
  const live = new TeamLive(
    't/1',
    {
      onchange: (what: TeamChange) => heard.push(what),
      onresync: () => heard.push('resync'),
      ongone: () => heard.push('gone'),
    },
    env,
    { protocol: 'https:', host: 'retro.example.com' },
  );
  const run = (ms: number) => {
    for (const t of timers.filter((t) => t.ms === ms && !t.cleared)) {
      t.cleared = true;
      t.fn();
    }
  };
  return { live, sockets, timers, heard, run };
}

describe('the team page socket', () => {
  it('connects to the team on the page’s own origin', () => {
    expect(teamLiveUrl({ protocol: 'https:', host: 'x.test' }, 'a b')).toBe('wss://x.test/api/teams/a%20b/live');
    expect(teamLiveUrl({ protocol: 'http:', host: 'localhost:8000' }, 't1')).toBe('ws://localhost:8000/api/teams/t1/live');
  });

  it('reads only the frames it knows', () => {
    expect(parseTeamFrame('{"type":"team_changed","what":"members"}')).toEqual({ type: 'team_changed', what: 'members' });
    expect(parseTeamFrame('{"type":"team_changed","what":"actions"}')).toEqual({ type: 'team_changed', what: 'actions' });
    expect(parseTeamFrame('{"type":"pong"}')).toEqual({ type: 'pong' });
    expect(parseTeamFrame('{"type":"team_changed","what":"secrets"}')).toBeNull();
    expect(parseTeamFrame('not json')).toBeNull();
    expect(parseTeamFrame(new ArrayBuffer(2))).toBeNull();
    expect(parseTeamFrame('null')).toBeNull();
  });

  it('fetches everything when it opens, then follows each change', () => {
    const { live, sockets, heard } = harness();
    live.start();
    expect(sockets[0]!.url).toBe('wss://retro.example.com/api/teams/t%2F1/live');
    sockets[0]!.open();
    sockets[0]!.receive('{"type":"team_changed","what":"members"}');
    sockets[0]!.receive('{"type":"team_changed","what":"retros"}');
    sockets[0]!.receive('{"type":"whatever"}');
    expect(heard).toEqual(['resync', 'members', 'retros']);
  });

  it('reconnects after a drop and fetches again, since notices were missed', () => {
    const { live, sockets, heard, run } = harness();
    live.start();
    sockets[0]!.open();
    sockets[0]!.drop(1006);
    expect(sockets).toHaveLength(1);
    run(250); // the first backoff, with no jitter
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    expect(heard).toEqual(['resync', 'resync']);
  });

  it('stops for good when the server says the person is not a member', () => {
    const { live, sockets, heard, timers } = harness();
    live.start();
    sockets[0]!.open();
    sockets[0]!.drop(4404);
    expect(heard).toEqual(['resync', 'gone']);
    expect(timers.filter((t) => !t.cleared && t.ms !== 25_000)).toEqual([]);
    expect(sockets).toHaveLength(1);
  });

  it('pings, and replaces a socket that stops answering', () => {
    const { live, sockets, run } = harness();
    live.start();
    sockets[0]!.open();
    run(25_000);
    expect(sockets[0]!.sent).toEqual(['{"type":"ping"}']);
    sockets[0]!.receive('{"type":"pong"}');
    run(10_000);
    expect(sockets[0]!.closedWith).toBeNull();
    run(25_000);
    run(10_000);
    expect(sockets[0]!.closedWith).toBe(4000);
  });

  it('closes quietly when the page goes away', () => {
    const { live, sockets, heard } = harness();
    live.start();
    sockets[0]!.open();
    live.stop();
    expect(sockets[0]!.closedWith).toBe(1000);
    sockets[0]!.drop(1000);
    expect(heard).toEqual(['resync']);
  });
});
