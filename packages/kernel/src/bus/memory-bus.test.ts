import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMemoryBus } from './memory-bus.js';
import { subjectMatches } from './types.js';

describe('subjectMatches', () => {
  it.each([
    ['a.b.c', 'a.b.c', true],
    ['a.*.c', 'a.b.c', true],
    ['a.*', 'a.b.c', false],
    ['a.>', 'a.b.c', true],
    ['a.>', 'a', false],
    ['>', 'x', true],
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b', false],
  ])('%s vs %s → %s', (p, s, expected) => expect(subjectMatches(p, s)).toBe(expected));
});

describe('memory bus', () => {
  const log = pino({ level: 'silent' });

  it('delivers asynchronously, never inside the publisher', async () => {
    const bus = createMemoryBus(log);
    const got: string[] = [];
    bus.subscribe('geo.*.imported', (p: { code: string }, subject) => {
      got.push(`${subject}:${p.code}`);
    });
    const published = bus.publish('geo.boundary.imported', { code: '513401' });
    expect(got).toEqual([]);
    await published;
    await bus.close();
    expect(got).toEqual(['geo.boundary.imported:513401']);
  });

  it('shares a queue group round robin and survives a failing handler', async () => {
    const bus = createMemoryBus(log);
    const a: number[] = [];
    const b: number[] = [];
    bus.subscribe('x', (n: number) => void a.push(n), { queue: 'q' });
    bus.subscribe('x', (n: number) => void b.push(n), { queue: 'q' });
    bus.subscribe('x', () => {
      throw new Error('boom');
    });
    for (let i = 0; i < 4; i++) await bus.publish('x', i);
    await bus.close();
    expect([...a, ...b].sort()).toEqual([0, 1, 2, 3]);
    expect(a.length).toBe(2);
  });

  it('close waits for handlers in flight', async () => {
    const bus = createMemoryBus(log);
    let done = false;
    bus.subscribe('slow', async () => {
      await new Promise((r) => setTimeout(r, 50));
      done = true;
    });
    await bus.publish('slow', {});
    await bus.close();
    expect(done).toBe(true);
    await expect(bus.publish('slow', {})).rejects.toThrow(/closed/);
  });
});
