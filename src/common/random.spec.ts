import { pooledRandomBytes } from './random.js';

describe('pooledRandomBytes', () => {
  it('draws fresh bytes each time, across pool refills, and larger draws than the pool', () => {
    const draws = Array.from({ length: 2_100 }, () => Buffer.from(pooledRandomBytes(64)).toString('hex')); // two refills of 64 KiB
    expect(draws.every((hex) => hex.length === 128)).toBe(true);
    expect(new Set(draws).size).toBe(draws.length);
    expect(pooledRandomBytes(100_000)).toHaveLength(100_000);
  });
});
