/**
 * Deterministic randomness: the same seed gives the same fleet and, for a given device and
 * instant, the same value, whatever order things are computed in. Hand-written (mulberry32 and
 * an FNV-1a key hash, a few lines) because the simulator needs keyed streams, which the usual
 * seeded-RNG packages do not offer, and nothing here is security-relevant.
 */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of any number of keys (FNV-1a over their text). */
export function hashKeys(...keys: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const k of keys) {
    const s = `${k}\u0000`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) fixed by its keys. */
export const keyed = (...keys: (string | number)[]): number => mulberry32(hashKeys(...keys))();

/** A standard normal number fixed by its keys (Box–Muller). */
export function keyedNormal(...keys: (string | number)[]): number {
  const r = mulberry32(hashKeys(...keys));
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Smooth noise over time: values at whole steps, interpolated between, so series do not jitter. */
export function smoothNoise(stepMs: number, t: number, ...keys: (string | number)[]): number {
  const i = Math.floor(t / stepMs);
  const f = t / stepMs - i;
  const a = keyedNormal(...keys, i);
  const b = keyedNormal(...keys, i + 1);
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return a * (1 - w) + b * w;
}
