import { describe, expect, it } from 'vitest';
import { createSerialRunner } from './serial-runner.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('createSerialRunner', () => {
  it('never runs the task twice at once, and folds calls made meanwhile into one more run', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const r = createSerialRunner(async () => {
      active++;
      most = Math.max(most, active);
      runs++;
      await tick();
      active--;
    }, { onError: () => undefined });
    const first = r.run();
    const later = [r.run(), r.run(), r.run()];
    await Promise.all([first, ...later]);
    expect(most).toBe(1);
    expect(runs).toBe(2);
    await r.run();
    expect(runs).toBe(3);
  });

  it('reports a failed run and goes on with the one requested meanwhile', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const r = createSerialRunner(async () => {
      n++;
      await tick();
      if (n === 1) throw new Error('first fails');
    }, { onError: (e) => errors.push(e) });
    const a = r.run();
    const b = r.run();
    await expect(Promise.all([a, b])).resolves.toBeDefined();
    expect(n).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['first fails']);
  });

  it('does not rerun once stopped, and idle() waits for the run under way', async () => {
    let stopped = false;
    let runs = 0;
    const r = createSerialRunner(async () => {
      runs++;
      await tick(20);
    }, { onError: () => undefined, stopped: () => stopped });
    void r.run();
    void r.run();
    stopped = true;
    await r.idle();
    expect(runs).toBe(1);
    await expect(r.idle()).resolves.toBeUndefined();
  });
});
