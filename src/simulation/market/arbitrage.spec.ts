import { cpmmPool } from '../amm/constant-product.js';
import { dlmmPool } from '../amm/dlmm.js';
import { poolFee, spotPrice, swapPool, type PoolState } from '../pool-state.js';
import { arbitrageTrade } from './arbitrage.js';

const cpmm = (price: number): PoolState => ({ kind: 'cpmm', pool: cpmmPool(price, 1_000_000_000_000n, 2_500_000n) });
const dlmm = (price: number): PoolState => ({
  kind: 'dlmm',
  pool: dlmmPool(
    { price, binStepBps: 10, binsPerSide: 60, valueY: 1_000_000_000_000n, baseFeePpb: 1_000_000n, variableFeeControl: 0, maxFeePpb: 10_000_000n },
    0,
  ),
});

describe('arbitrageTrade', () => {
  it.each([
    ['a constant-product pool', cpmm],
    ['a DLMM pool', dlmm],
  ])('brings %s priced above its band back to the upper edge by selling X, and below it to the lower edge by selling Y', (_, make) => {
    for (const [price, direction] of [
      [1.04, 'xToY'],
      [0.96, 'yToX'],
    ] as const) {
      const state = make(price);
      const trade = arbitrageTrade(state, 1, 0)!;
      expect(trade.direction).toBe(direction);
      const fee = poolFee(state);
      const edge = direction === 'xToY' ? 1 + fee : 1 / (1 + fee);
      const after = spotPrice(swapPool(state, trade.amountIn, direction, 0).state);
      // At the edge (a DLMM price moves bin by bin: within one 10 bps bin of it), and not a unit more than it takes.
      expect(Math.abs(after / edge - 1)).toBeLessThan(state.kind === 'cpmm' ? 1e-6 : 0.0011);
      const short = spotPrice(swapPool(state, trade.amountIn - 1n, direction, 0).state);
      expect(direction === 'xToY' ? short > edge : short < edge).toBe(true);
    }
  });

  it('makes no trade within the band, nor one for a gap under the minimum beyond it', () => {
    expect(arbitrageTrade(cpmm(1.002), 1, 0)).toBeUndefined();
    expect(arbitrageTrade(cpmm(1.0027), 1, 0)).toBeUndefined();
    expect(arbitrageTrade(cpmm(1.0027), 1, 0, 1)).toBeDefined();
    expect(arbitrageTrade(cpmm(1.01), 1, 0)).toBeDefined();
  });

  it('makes no trade when the pool cannot reach the band: a DLMM pool whose bins run out before it', () => {
    // Ten 10 bps bins a side: the pool's price cannot move more than about 1% either way.
    const shallow: PoolState = {
      kind: 'dlmm',
      pool: dlmmPool(
        { price: 1.05, binStepBps: 10, binsPerSide: 10, valueY: 1_000_000_000_000n, baseFeePpb: 1_000_000n, variableFeeControl: 0, maxFeePpb: 10_000_000n },
        0,
      ),
    };
    expect(arbitrageTrade(shallow, 1, 0)).toBeUndefined();
    expect(arbitrageTrade(shallow, 1.045, 0)?.direction).toBe('xToY');
  });
});
