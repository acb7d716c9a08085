import { describe, expect, it } from 'vitest';
import { waiting } from './integrations';
import type { ConnectionOut, TicketOut } from './types';

const ticket = (state: TicketOut['state']): TicketOut => ({
  item_kind: 'action',
  item_id: 'a1',
  state,
  key: state === 'linked' ? 'OPS-1' : null,
  url: state === 'linked' ? 'https://x.test/browse/OPS-1' : null,
  remote_status: null,
  status_by: null,
  status_at: null,
  delivery: null,
});

describe('waiting on the worker', () => {
  it('asks again while a push or a connection test is unfinished, and only then', () => {
    expect(waiting([], [ticket('linked')])).toBe(false);
    expect(waiting([], [ticket('linked'), ticket('pending')])).toBe(true);
    expect(waiting([{ check_pending: true } as ConnectionOut], [])).toBe(true);
    expect(waiting([{ check_pending: false } as ConnectionOut], [])).toBe(false);
  });
});
