import { describe, expect, it } from 'vitest';
import type { Retro } from '../api/types';
import { closeMessage } from '../vocab/closes';
import { backoff, LiveClient, liveUrl, retryLaterDelay, type ConnectionState, type LiveEnv } from './client';

class FakeSocket {
  readyState = 0;
  sent: unknown[] = [];
  closed: number | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code: number) {
    this.closed = code;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers: (() => void)[] = [];
  const delays: number[] = [];
  const saving: boolean[] = [];
  let n = 0;
  const env: LiveEnv = {
    makeSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s as unknown as WebSocket;
    },
    now: () => 1000,
    random: () => 0.5,
    setTimeout: (fn, ms) => {
      timers.push(fn);
      delays.push(ms);
      return fn;
    },
    clearTimeout: (fn) => {
      const i = timers.indexOf(fn as () => void);
      if (i >= 0) timers.splice(i, 1);
    },
    online: () => true,
    uuid: () => `cmd-000${++n}`,
  };
  const states: ConnectionState[] = [];
  const boards: Retro[] = [];
  const presence: string[][] = [];
  const lagging: boolean[] = [];
  const closes: { message: string; code: number | undefined }[] = [];
  const client = new LiveClient(
    'r1',
    {
      board: (b) => boards.push(b),
      connection: (s, message, code) => {
        states.push(s);
        closes.push({ message, code });
      },
      presence: (list) => presence.push(list.map((p) => p.display_name)),
      liveStatus: (delayed) => lagging.push(delayed),
      clock: () => undefined,
      saving: (paused) => saving.push(paused),
    },
    env,
    { protocol: 'https:', host: 'x.test' },
  );
  return { client, sockets, timers, delays, states, boards, saving, presence, lagging, closes };
}

const retro = { id: 'r1', phase: 'reflect', seq: 2, columns: [], cards: [], groups: [], participants: [], me: { id: 'u1', kind: 'member' }, settings: { anonymous: false, votes_per_person: 3, skipped_phases: [] }, reactions: {}, votes: {}, my_votes: {}, votes_used: {}, notes: {}, actions: [] };
const snapshot = { type: 'snapshot', seq: 2, log: 'log-1', tag: 'tag-2', now: '1970-01-01T00:00:05Z', board: retro };
const deleted = (seq: number) => ({ type: 'event', seq, tag: `tag-${seq}`, event: { type: 'retro_changed', title: `T${seq}`, sprint_name: null } });

describe('LiveClient', () => {
  it('builds ws/wss urls with since', () => {
    expect(liveUrl({ protocol: 'http:', host: 'a:1' }, 'r 1', null)).toBe('ws://a:1/api/retros/r%201/live');
    expect(liveUrl({ protocol: 'https:', host: 'a' }, 'r', { since: 7, log: 'L1', tag: 'a+b' })).toBe(
      'wss://a/api/retros/r/live?since=7&log=L1&tag=a%2Bb',
    );
  });

  it('backs off exponentially with a cap', () => {
    expect(backoff(1, 0)).toBe(250);
    expect(backoff(2, 1)).toBe(1000);
    expect(backoff(20, 1)).toBe(30000);
  });

  it('applies a snapshot then events in order, buffering early ones', () => {
    const { client, sockets, states } = setup();
    client.start();
    const s = sockets[0]!;
    s.open();
    s.receive(deleted(3)); // before the snapshot: buffered
    s.receive(snapshot);
    expect(client.lastSeq).toBe(3);
    expect(client.state?.title).toBe('T3');
    expect(states.at(-1)).toBe('live');
    s.receive(deleted(3)); // duplicate: ignored
    s.receive(deleted(4));
    expect(client.lastSeq).toBe(4);
  });

  it('keeps presence from a whole list and the changes after it', () => {
    const { client, sockets, presence } = setup();
    client.start();
    const s = sockets[0]!;
    s.open();
    s.receive(snapshot);
    const person = (key: string, display_name: string) => ({ key, display_name, role: 'eng', kind: 'guest' });
    s.receive({ type: 'presence', participants: [person('g:b', 'bo'), person('g:c', 'Cy')] });
    s.receive({ type: 'presence_changed', joined: [person('g:a', 'Ana'), person('g:c', 'Cyd')], left: ['g:b'] });
    expect(presence.at(-1)).toEqual(['Ana', 'Cyd']);
    s.receive({ type: 'presence_changed', joined: [{ key: 'g:x' }], left: [] }); // malformed: ignored
    expect(presence.at(-1)).toEqual(['Ana', 'Cyd']);
    s.receive({ type: 'presence', participants: [person('g:z', 'Zed')] }); // a whole list replaces
    expect(presence.at(-1)).toEqual(['Zed']);
  });

  it('passes on the delayed status, and starts each socket from not delayed', () => {
    const { client, sockets, lagging } = setup();
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(snapshot);
    sockets[0]!.receive({ type: 'live_status', delayed: true });
    sockets[0]!.receive({ type: 'live_status', delayed: 'yes' }); // malformed: dropped
    expect(lagging).toEqual([false, true]);
    sockets[0]!.receive(deleted(5)); // a gap: a new socket
    expect(lagging).toEqual([false, true, false]);
    sockets[1]!.open();
    sockets[1]!.receive({ type: 'live_status', delayed: true });
    sockets[1]!.receive({ type: 'live_status', delayed: false });
    expect(lagging).toEqual([false, true, false, true, false]);
  });

  it('reconnects with since on a gap', () => {
    const { client, sockets } = setup();
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(snapshot);
    sockets[0]!.receive(deleted(5));
    expect(sockets[0]!.closed).toBe(4000);
    expect(sockets[1]!.url).toBe('wss://x.test/api/retros/r1/live?since=2&log=log-1&tag=tag-2');
  });

  it('resumes with the log and the tag of the last event applied, buffered ones included', () => {
    const { client, sockets } = setup();
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(deleted(3)); // before the snapshot: buffered with its tag
    sockets[0]!.receive(snapshot);
    sockets[0]!.receive(deleted(4));
    expect([client.lastSeq, client.log, client.tag]).toEqual([4, 'log-1', 'tag-4']);
    sockets[0]!.receive(deleted(6)); // a gap: reconnect from where it is
    expect(sockets[1]!.url).toBe('wss://x.test/api/retros/r1/live?since=4&log=log-1&tag=tag-4');
  });

  it('takes the board whole when a resume is answered with a snapshot (a restored database)', () => {
    const { client, sockets } = setup();
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(snapshot);
    sockets[0]!.receive(deleted(3));
    sockets[0]!.receive(deleted(5)); // gap: resync
    const restored = { ...retro, title: 'Restored', seq: 9 };
    sockets[1]!.open();
    sockets[1]!.receive({ type: 'snapshot', seq: 9, log: 'log-2', tag: 'tag-9b', now: '1970-01-01T00:00:05Z', board: restored });
    expect(client.state?.title).toBe('Restored');
    expect([client.lastSeq, client.log, client.tag]).toEqual([9, 'log-2', 'tag-9b']);
    sockets[1]!.receive(deleted(10));
    expect(client.state?.title).toBe('T10');
  });

  it('re-sends unacknowledged commands after a drop, with the same id', async () => {
    const { client, sockets, timers, states } = setup();
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(snapshot);
    const done = client.send({ name: 'set_ready', ready: true });
    expect(sockets[0]!.sent).toEqual([{ type: 'command', command_id: 'cmd-0001', command: { name: 'set_ready', ready: true } }]);
    sockets[0]!.drop();
    expect(states.at(-1)).toBe('reconnecting');
    timers.shift()!();
    sockets[1]!.open();
    expect(sockets[1]!.sent).toEqual(sockets[0]!.sent);
    sockets[1]!.receive({ type: 'ack', command_id: 'cmd-0001', seq: 3, duplicate: true });
    await expect(done).resolves.toMatchObject({ duplicate: true });
    expect(client.pending).toBe(0);
  });

  it('rejects a command on its error frame', async () => {
    const { client, sockets } = setup();
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(snapshot);
    const done = client.send({ name: 'vote', topic_id: 'k' });
    sockets[0]!.receive({ type: 'error', command_id: 'cmd-0001', error: { code: 'no_votes_left', message: 'No votes left.' } });
    await expect(done).rejects.toThrow('No votes left.');
  });

  it('stops for good on 4401/4403/4404', () => {
    const { client, sockets, timers, states, closes } = setup();
    client.start();
    sockets[0]!.drop(4404);
    expect(states.at(-1)).toBe('closed');
    expect(timers).toHaveLength(0);
    expect(client.connection).toBe('closed');
    // The close code travels with the words, so the board decides by code, not by wording.
    expect(closes.at(-1)).toEqual({ code: 4404, message: closeMessage(4404) });
  });

  it('carries the code and params of an error frame to the command that failed', async () => {
    const { client, sockets } = setup();
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(snapshot);
    const done = client.send({ name: 'vote', topic_id: 'k' });
    sockets[0]!.receive({
      type: 'error',
      command_id: 'cmd-0001',
      error: { code: 'wrong_phase', message: 'Not now.', params: { phase: 'vote' } },
    });
    await expect(done).rejects.toMatchObject({ code: 'wrong_phase', params: { phase: 'vote' } });
  });

  it('reports offline after repeated failures', () => {
    const { client, sockets, timers, states } = setup();
    client.start();
    for (let i = 0; i < 3; i++) {
      sockets[i]!.drop();
      timers.shift()!();
    }
    expect(states.at(-1)).toBe('offline');
  });

  it('pings and resyncs when no pong comes back', () => {
    const { client, sockets, timers } = setup();
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(snapshot);
    timers.shift()!(); // ping
    expect(sockets[0]!.sent).toEqual([{ type: 'ping' }]);
    timers.shift()!(); // no pong in time
    expect(sockets[0]!.closed).toBe(4000);
    expect(sockets).toHaveLength(2);
  });

  it('keeps a retry_later command in the outbox and sends it again after the hint', async () => {
    const { client, sockets, timers, delays, saving } = setup();
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(snapshot);
    let settled = false;
    const command = { name: 'add_card', column_id: 'c1', text: 'kept' } as const;
    const done = client.send(command).finally(() => (settled = true));
    const later = { code: 'retry_later', message: 'The database is busy.', details: { reason: 'locked', retry_after: 2 } };
    sockets[0]!.receive({ type: 'error', command_id: 'cmd-0001', error: later });
    await Promise.resolve();
    // Not an error: still waiting, the socket open, and the page told saving is paused.
    expect(settled).toBe(false);
    expect(client.pending).toBe(1);
    expect(client.savingPaused).toBe(true);
    expect(saving).toEqual([true]);
    expect(sockets[0]!.closed).toBeNull();
    expect(client.connection).toBe('live');
    // Sent again after the hint (2 s, plus a tenth for the jitter at random 0.5), same id.
    expect(delays.at(-1)).toBe(2200);
    timers.pop()!();
    expect(sockets[0]!.sent.at(-1)).toEqual({ type: 'command', command_id: 'cmd-0001', command });
    sockets[0]!.receive({ type: 'ack', command_id: 'cmd-0001', seq: 3, duplicate: false });
    await expect(done).resolves.toMatchObject({ command_id: 'cmd-0001', seq: 3 });
    expect(client.savingPaused).toBe(false);
    expect(saving).toEqual([true, false]);
  });

  it('sends a paused command with the outbox when the socket comes back', async () => {
    const { client, sockets, timers } = setup();
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(snapshot);
    const done = client.send({ name: 'vote', topic_id: 'k' });
    sockets[0]!.receive({ type: 'error', command_id: 'cmd-0001', error: { code: 'retry_later', message: 'Busy.', details: { retry_after: 1 } } });
    sockets[0]!.drop();
    timers.shift()!(); // the reconnect
    sockets[1]!.open();
    expect(sockets[1]!.sent).toContainEqual({ type: 'command', command_id: 'cmd-0001', command: { name: 'vote', topic_id: 'k' } });
    sockets[1]!.receive({ type: 'ack', command_id: 'cmd-0001', seq: 3, duplicate: true });
    await expect(done).resolves.toMatchObject({ duplicate: true });
    expect(client.savingPaused).toBe(false);
  });

  it('bounds the retry_later hint', () => {
    expect(retryLaterDelay({ retry_after: 0 }, 0)).toBe(1000);
    expect(retryLaterDelay({ retry_after: 1e9 }, 0)).toBe(60_000);
    expect(retryLaterDelay({ retry_after: 'soon' }, 0)).toBe(2000);
    expect(retryLaterDelay(null, 1)).toBe(2400);
  });
});
