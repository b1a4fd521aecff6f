/** Small seeded pseudo-random numbers: deterministic, fast, not for secrets. */

/** Murmur3's 32-bit finaliser: a bijection that spreads every input bit over the output. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit state derived from a seed and an index, so item `index` can be made without making the ones before it. */
export function seedFor(seed: number, index: number): number {
  return mix32(mix32(seed ^ 0x9e3779b9) ^ mix32(index + 0x6a09e667));
}

/** mulberry32: returns floats in [0, 1). */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
