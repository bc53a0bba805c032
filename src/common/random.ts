import { randomBytes } from 'node:crypto';

/** A source of uniform numbers in [0, 1): Math.random, or seeded for reproducible runs. */
export type RandomSource = () => number;

/** mulberry32: small, fast and good enough for a simulation. */
function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randomSource = (seed?: number): RandomSource => (seed === undefined ? Math.random : seededRandom(seed));

const RANDOM_POOL_BYTES = 64 * 1024;
let randomPool = Buffer.alloc(0);
let randomPoolOffset = 0;

/** `size` cryptographically random bytes from a pool refilled 64 KiB at a time: one call into OpenSSL per refill, not per draw. */
export function pooledRandomBytes(size: number): Buffer {
  if (randomPoolOffset + size > randomPool.length) {
    randomPool = randomBytes(Math.max(RANDOM_POOL_BYTES, size));
    randomPoolOffset = 0;
  }
  randomPoolOffset += size;
  return randomPool.subarray(randomPoolOffset - size, randomPoolOffset);
}
