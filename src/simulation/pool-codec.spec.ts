import { dlmmPool, dlmmSwap } from './amm/dlmm.js';
import { decodePool, encodePool } from './pool-codec.js';
import type { PoolState } from './pool-state.js';

const NOW = 1_000_000;

describe('pool codec (pool states in Redis)', () => {
  it('round-trips a constant-product pool exactly', () => {
    const state: PoolState = { kind: 'cpmm', pool: { reserveX: 10n ** 21n + 7n, reserveY: 123_456_789n, feePpb: 2_500_000n } };
    expect(decodePool(encodePool(state, NOW))).toEqual({ state, updatedAt: NOW });
  });

  it('round-trips a DLMM pool: stored without its empty bins, read back with those between as empty bins', () => {
    const fresh = dlmmPool(
      { price: 0.15, binStepBps: 10, binsPerSide: 20, valueY: 5_000_000_000_000n, baseFeePpb: 1_000_000n, variableFeeControl: 0.5, maxFeePpb: 50_000_000n },
      NOW,
    );
    const { state: traded } = dlmmSwap(fresh, 2_000_000_000_000n, 'xToY', NOW);
    const { first, amounts } = traded.bins;
    // Empty bins: the lowest one, and two inside.
    const emptied = [first, first + 5, first + 6];
    const pool = { ...traded, bins: { first, amounts: amounts.map((bin, i) => (emptied.includes(first + i) ? { x: 0n, y: 0n } : bin)) } };
    const stored = JSON.parse(encodePool({ kind: 'dlmm', pool }, NOW)) as { bins: [number, string, string][] };
    expect(stored.bins.map(([id]) => id)).toEqual(amounts.map((_, i) => first + i).filter((id) => !emptied.includes(id)));

    const { state, updatedAt } = decodePool(JSON.stringify(stored));
    expect(updatedAt).toBe(NOW);
    if (state.kind !== 'dlmm') throw new Error('expected a DLMM pool');
    expect({ ...state.pool, bins: undefined }).toEqual({ ...pool, bins: undefined });
    expect(state.pool.bins.first).toBe(first + 1);
    expect(state.pool.bins.amounts).toEqual(pool.bins.amounts.slice(1));
  });
});
