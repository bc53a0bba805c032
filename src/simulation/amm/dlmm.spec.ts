import fc from 'fast-check';
import { binPrice, dlmmArbitrageTo, dlmmFeePpb, dlmmPool, dlmmSpotPrice, dlmmSwap, type DlmmState } from './dlmm.js';
import type { SwapDirection } from './swap-direction.js';

const NOW = 1_000_000;
// SOL/USDC: 0.15 USDC base units per lamport, 10 bps bins, 69 bins a side, $5M a side, 0.1% base fee.
const pool = (overrides: Partial<Parameters<typeof dlmmPool>[0]> = {}): DlmmState =>
  dlmmPool(
    {
      price: 0.15,
      binStepBps: 10,
      binsPerSide: 69,
      valueY: 5_000_000_000_000n,
      baseFeePpb: 1_000_000n,
      variableFeeControl: 0.5,
      maxFeePpb: 50_000_000n,
      ...overrides,
    },
    NOW,
  );
const total = (state: DlmmState, side: 'x' | 'y') => Object.values(state.bins).reduce((sum, bin) => sum + bin[side], 0n);
const directions = fc.constantFrom<SwapDirection>('xToY', 'yToX');

describe('DLMM pool (liquidity in price bins)', () => {
  it('walks across many bins, moving the active bin and the price', () => {
    const start = pool();
    const swap = dlmmSwap(start, 20_000_000_000_000n, 'xToY', NOW); // sell 20,000 SOL (~$3M)
    expect(start.activeId - swap.state.activeId).toBeGreaterThan(30);
    expect(dlmmSpotPrice(swap.state)).toBeLessThan(dlmmSpotPrice(start) * 0.97);
    // Every bin it passed is drained of Y; the bins beyond it are untouched.
    for (let id = swap.state.activeId + 1; id < start.activeId; id++) expect(swap.state.bins[id].y).toBe(0n);
    expect(swap.state.bins[swap.state.activeId - 1]).toEqual(start.bins[swap.state.activeId - 1]);
    expect(swap.amountIn).toBe(20_000_000_000_000n);
  });

  it.each<[SwapDirection, bigint]>([
    ['xToY', 20_000_000_000_000n], // sell 20,000 SOL into the USDC bins below
    ['yToX', 3_000_000_000_000n], // buy SOL with 3M USDC from the SOL bins above
  ])("%s: every bin a long walk drains traded at that bin's own price, net of that bin's fee", (direction, amountIn) => {
    const start = pool();
    const { state: end } = dlmmSwap(start, amountIn, direction, NOW);
    const step = direction === 'xToY' ? -1 : 1;
    const crossed = Math.abs(end.activeId - start.activeId);
    expect(crossed).toBeGreaterThan(30);
    for (let id = start.activeId + step; id !== end.activeId; id += step) {
      const [before, after] = [start.bins[id], end.bins[id]];
      const [gross, out] = direction === 'xToY' ? [after.x - before.x, before.y - after.y] : [after.y - before.y, before.x - after.x];
      expect(direction === 'xToY' ? after.y : after.x).toBe(0n); // drained
      const net = Number(gross) * (1 - Number(dlmmFeePpb(start, 0, start.activeId, id)) / 1e9);
      const price = direction === 'xToY' ? Number(out) / net : net / Number(out);
      expect(Math.abs(price / binPrice(10, id) - 1)).toBeLessThan(1e-6);
    }
    // Bins beyond the new active bin are untouched.
    expect(end.bins[end.activeId + step]).toEqual(start.bins[end.activeId + step]);
  });

  it('pays the base fee in a calm pool and more once the price has moved many bins', () => {
    const calm = pool();
    expect(dlmmFeePpb(calm, 0, calm.activeId, calm.activeId)).toBe(1_000_000n);
    expect(dlmmFeePpb(calm, 0, calm.activeId, calm.activeId - 40)).toBeGreaterThan(1_000_000n);
    const small = dlmmSwap(calm, 1_000_000_000n, 'xToY', NOW);
    expect(small.feeAmount).toBe(1_000_000n); // 0.1% of 1 SOL
    const big = dlmmSwap(calm, 20_000_000_000_000n, 'xToY', NOW);
    expect(Number(big.feeAmount) / 20_000_000_000_000).toBeGreaterThan(0.001);
  });

  it('accounts for every unit: input (fees included) lands in the bins, output leaves them', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 14n }), directions, (amountIn, direction) => {
        const start = pool();
        const swap = dlmmSwap(start, amountIn, direction, NOW);
        const [inSide, outSide] = direction === 'xToY' ? (['x', 'y'] as const) : (['y', 'x'] as const);
        expect(total(swap.state, inSide) - total(start, inSide)).toBe(swap.amountIn);
        expect(total(start, outSide) - total(swap.state, outSide)).toBe(swap.amountOut);
        expect(swap.feeAmount).toBeLessThanOrEqual(swap.amountIn);
      }),
    );
  });

  it('gives an output monotonic in the input and never more than the pool holds', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.bigInt({ min: 0n, max: 10n ** 14n }), directions, (a, extra, direction) => {
        const start = pool();
        const small = dlmmSwap(start, a, direction, NOW);
        const large = dlmmSwap(start, a + extra, direction, NOW);
        expect(large.amountOut).toBeGreaterThanOrEqual(small.amountOut);
        expect(large.amountOut).toBeLessThanOrEqual(total(start, direction === 'xToY' ? 'y' : 'x'));
      }),
    );
  });

  it('never creates value on a round trip', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 14n }), directions, (amountIn, direction) => {
        const there = dlmmSwap(pool(), amountIn, direction, NOW);
        const back = dlmmSwap(there.state, there.amountOut, direction === 'xToY' ? 'yToX' : 'xToY', NOW);
        expect(back.amountOut).toBeLessThanOrEqual(there.amountIn);
      }),
    );
  });

  it('stops at the end of its liquidity and says how much it consumed', () => {
    const start = pool({ binsPerSide: 3, valueY: 3_000_000n });
    const swap = dlmmSwap(start, 10n ** 15n, 'xToY', NOW);
    expect(swap.amountIn).toBeLessThan(10n ** 15n);
    expect(total(swap.state, 'y')).toBe(0n);
  });

  it('arbitrage moves the active bin to the target price', () => {
    const start = pool();
    const moved = dlmmArbitrageTo(start, 0.15 * 1.02, NOW);
    expect(dlmmSpotPrice(moved) / (0.15 * 1.02)).toBeCloseTo(1, 2);
    expect(binPrice(10, moved.activeId)).toBeGreaterThan(binPrice(10, start.activeId));
  });
});
