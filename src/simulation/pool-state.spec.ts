import { cpmmPool } from './amm/constant-product.js';
import { evolve, feeBandEdge, poolFee, spotPrice, type PoolState } from './pool-state.js';

/** A 25 bps constant-product pool at `price` (base units of Y per X). */
const pool = (price: number): PoolState => ({ kind: 'cpmm', pool: cpmmPool(price, 1_000_000_000_000n, 2_500_000n) });

describe('feeBandEdge', () => {
  it('is the nearer edge of the band a price lies beyond, and nothing within the band (edges included)', () => {
    expect(feeBandEdge(103, 100, 0.01)).toBeCloseTo(101, 12);
    expect(feeBandEdge(97, 100, 0.01)).toBeCloseTo(100 / 1.01, 12);
    expect(feeBandEdge(100.9, 100, 0.01)).toBeUndefined();
    expect(feeBandEdge(99.1, 100, 0.01)).toBeUndefined();
    expect(feeBandEdge(101, 100, 0.01)).toBeUndefined();
  });
});

describe('evolve (arbitrage towards fair value)', () => {
  it("reads a pool's fee as a fraction", () => {
    expect(poolFee(pool(1))).toBe(0.0025);
  });

  it('leaves a pool inside its fee band alone: arbitrage through it would not pay', () => {
    const state = pool(1.002);
    expect(evolve(state, 1, 60_000, 0)).toBe(state);
  });

  it('pulls a pool beyond its band back towards the band edge, not to fair value, more the longer it waits', () => {
    const state = pool(1.05);
    const soon = spotPrice(evolve(state, 1, 5_000, 0));
    const later = spotPrice(evolve(state, 1, 120_000, 0));
    expect(soon).toBeLessThan(1.05);
    expect(later).toBeLessThan(soon);
    expect(later).toBeCloseTo(1.0025, 4);
    expect(spotPrice(evolve(pool(0.95), 1, 120_000, 0))).toBeCloseTo(1 / 1.0025, 4);
  });

  it('changes nothing when no time passed', () => {
    const state = pool(1.05);
    expect(evolve(state, 1, 0, 0)).toBe(state);
  });
});
