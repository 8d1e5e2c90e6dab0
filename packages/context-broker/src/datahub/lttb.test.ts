import { describe, expect, it } from 'vitest';
import { lttb } from './lttb.js';

describe('LTTB downsampling', () => {
  it('keeps ends, returns the threshold count and keeps spikes', () => {
    const pts: [number, number][] = Array.from({ length: 1000 }, (_, i) => [i, i === 500 ? 100 : Math.sin(i / 50)]);
    const out = lttb(pts, 50);
    expect(out).toHaveLength(50);
    expect(out[0]).toEqual([0, 0]);
    expect(out[49]).toEqual(pts[999]);
    expect(out.some(([x]) => x === 500)).toBe(true);
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
  });
  it('returns short series unchanged', () => {
    expect(lttb([[0, 1], [1, 2]], 10)).toEqual([[0, 1], [1, 2]]);
  });
});
