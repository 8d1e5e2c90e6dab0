import { describe, expect, it } from 'vitest';
import { createOutboxHub, type LeasedRow, type OutboxTaker } from './outbox-hub.js';

const row = (id: number): LeasedRow => ({ id, tenant: '', subscription_id: 's', entity: {}, attempts: 0 });

function taker(lease: OutboxTaker['lease'] = () => ({ by: 'w1', seconds: 60 })) {
  const calls: string[] = [];
  const t: OutboxTaker = {
    lease,
    handOff: (rows) => void calls.push(`handOff ${rows.map((r) => r.id).join(',')}`),
    wake: () => void calls.push('wake'),
  };
  return { t, calls };
}

describe('outbox hub', () => {
  it('has no lease and does nothing without a worker in this process (rows are left to polling elsewhere)', () => {
    const hub = createOutboxHub();
    expect(hub.lease()).toBeNull();
    expect(() => hub.committed({ count: 3, handed: [] })).not.toThrow();
  });

  it('hands leased rows to the worker, and wakes it when some rows were written without a lease', () => {
    const hub = createOutboxHub();
    const { t, calls } = taker();
    hub.attach(t);
    expect(hub.lease()).toEqual({ by: 'w1', seconds: 60 });
    hub.committed({ count: 2, handed: [row(1), row(2)] });
    hub.committed({ count: 4, handed: [row(3)] });
    hub.committed({ count: 5, handed: [] });
    hub.committed({ count: 0, handed: [] });
    expect(calls).toEqual(['handOff 1,2', 'handOff 3', 'wake', 'wake']);
  });

  it('passes on the worker\'s refusal to lease (full backlog) and forgets a detached worker', () => {
    const hub = createOutboxHub();
    const { t, calls } = taker(() => null);
    const detach = hub.attach(t);
    expect(hub.lease()).toBeNull();
    detach();
    hub.committed({ count: 1, handed: [] });
    expect(calls).toEqual([]);
  });
});
