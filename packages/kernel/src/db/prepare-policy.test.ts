import { describe, expect, it } from 'vitest';
import { createPreparePolicy } from './postgres-db.js';

describe('prepare policy', () => {
  it('prepares a text once it repeats, and only while under the cap', () => {
    const policy = createPreparePolicy(true, 3, 2);
    expect([policy('a'), policy('a'), policy('a'), policy('a')]).toEqual([false, false, true, true]);
    expect([policy('b'), policy('b'), policy('b')]).toEqual([false, false, true]);
    // The cap is reached: a third hot text stays unprepared; the prepared ones stay prepared.
    expect([policy('c'), policy('c'), policy('c'), policy('c')]).toEqual([false, false, false, false]);
    expect(policy('a')).toBe(true);
  });

  it('never prepares when off', () => {
    const policy = createPreparePolicy(false, 1, 10);
    expect([policy('a'), policy('a')]).toEqual([false, false]);
  });
});
