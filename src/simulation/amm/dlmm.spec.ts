import fc from 'fast-check';
import {
  binAt,
  binIdForPrice,
  binPrice,
  DLMM_DECAY_PERIOD_MS,
  DLMM_FILTER_PERIOD_MS,
  dlmmArbitrageTo,
  dlmmFeePpb,
  dlmmPool,
  dlmmQuote,
  dlmmSpotPrice,
  dlmmSwap,
  type DlmmState,
} from './dlmm.js';
import { feeAt } from './swap-direction.js';
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
const total = (state: DlmmState, side: 'x' | 'y') => state.bins.amounts.reduce((sum, bin) => sum + bin[side], 0n);
const directions = fc.constantFrom<SwapDirection>('xToY', 'yToX');

/** The pool's bins with `ids` emptied. */
function withEmptyBins(state: DlmmState, ids: number[]): DlmmState['bins'] {
  const amounts = state.bins.amounts.slice();
  for (const id of ids) amounts[id - state.bins.first] = { x: 0n, y: 0n };
  return { first: state.bins.first, amounts };
}

describe('DLMM pool (liquidity in price bins)', () => {
  it('walks across many bins, moving the active bin and the price', () => {
    const start = pool();
    const swap = dlmmSwap(start, 20_000_000_000_000n, 'xToY', NOW); // sell 20,000 SOL (~$3M)
    expect(start.activeId - swap.state.activeId).toBeGreaterThan(30);
    expect(dlmmSpotPrice(swap.state)).toBeLessThan(dlmmSpotPrice(start) * 0.97);
    // Every bin it passed is drained of Y; the bins beyond it are untouched.
    for (let id = swap.state.activeId + 1; id < start.activeId; id++) expect(binAt(swap.state.bins, id)!.y).toBe(0n);
    expect(binAt(swap.state.bins, swap.state.activeId - 1)!).toEqual(binAt(start.bins, swap.state.activeId - 1)!);
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
      const [before, after] = [binAt(start.bins, id)!, binAt(end.bins, id)!];
      const [gross, out] = direction === 'xToY' ? [after.x - before.x, before.y - after.y] : [after.y - before.y, before.x - after.x];
      expect(direction === 'xToY' ? after.y : after.x).toBe(0n); // drained
      const net = Number(gross) * (1 - Number(dlmmFeePpb(start, 0, start.activeId, id)) / 1e9);
      const price = direction === 'xToY' ? Number(out) / net : net / Number(out);
      expect(Math.abs(price / binPrice(10, id) - 1)).toBeLessThan(1e-6);
    }
    // Bins beyond the new active bin are untouched.
    expect(binAt(end.bins, end.activeId + step)!).toEqual(binAt(start.bins, end.activeId + step)!);
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

  it('builds a pool of binsPerSide bins each side, each holding the same value at its own price', () => {
    const start = pool({ binsPerSide: 5 });
    const ids = start.bins.amounts.map((_, i) => start.bins.first + i);
    expect(ids).toEqual(Array.from({ length: 11 }, (_, i) => start.activeId - 5 + i));
    const yPerBin = 5_000_000_000_000n / 5n;
    for (let i = 1; i <= 5; i++) {
      expect(binAt(start.bins, start.activeId - i)!).toEqual({ x: 0n, y: yPerBin });
      const above = binAt(start.bins, start.activeId + i)!;
      expect(above.y).toBe(0n);
      expect(Math.abs((Number(above.x) * binPrice(10, start.activeId + i)) / Number(yPerBin) - 1)).toBeLessThan(1e-9);
    }
    const active = binAt(start.bins, start.activeId)!;
    expect(active.y).toBe(yPerBin / 2n);
    expect(Math.abs((Number(active.x) * binPrice(10, start.activeId)) / Number(yPerBin / 2n) - 1)).toBeLessThan(1e-9);
    expect(start.activeId).toBe(binIdForPrice(10, 0.15));
  });

  it.each<SwapDirection>(['xToY', 'yToX'])(
    '%s inside the active bin: the bin price exactly, net of the base fee; spot output equals the output',
    (direction) => {
      const start = pool();
      const amountIn = direction === 'xToY' ? 1_000_000_000n : 150_000_000n; // 1 SOL, or 150 USDC
      const quote = dlmmQuote(start, amountIn, direction, NOW);
      const fee = feeAt(amountIn, 1_000_000n);
      expect(quote.feeAmount).toBe(fee);
      const price = binPrice(10, start.activeId);
      const expected = direction === 'xToY' ? Number(amountIn - fee) * price : Number(amountIn - fee) / price;
      expect(Math.abs(Number(quote.amountOut) / expected - 1)).toBeLessThan(1e-9);
      expect(quote.spotAmountOut).toBe(quote.amountOut);
      expect(dlmmSwap(start, amountIn, direction, NOW).state.activeId).toBe(start.activeId);
    },
  );

  it.each<[SwapDirection, bigint]>([
    ['xToY', 20_000_000_000_000n],
    ['yToX', 3_000_000_000_000n],
  ])('%s across many bins: the spot output is the net input at the starting price, above the output', (direction, amountIn) => {
    const start = pool();
    const swap = dlmmQuote(start, amountIn, direction, NOW);
    const price = binPrice(10, start.activeId);
    const net = Number(swap.amountIn - swap.feeAmount);
    expect(Math.abs(Number(swap.spotAmountOut) / (direction === 'xToY' ? net * price : net / price) - 1)).toBeLessThan(1e-9);
    expect(swap.spotAmountOut).toBeGreaterThan(swap.amountOut);
  });

  it('at very high bin prices (above 10^14) still trades at the bin price', () => {
    const start = pool({ price: 3e15, valueY: 10n ** 30n });
    const quote = dlmmQuote(start, 1_000_000n, 'xToY', NOW);
    const expected = Number(1_000_000n - feeAt(1_000_000n, 1_000_000n)) * binPrice(10, start.activeId);
    expect(Math.abs(Number(quote.amountOut) / expected - 1)).toBeLessThan(1e-9);
  });

  it('walks over empty bins without touching them, to the next bin that holds liquidity', () => {
    const start = pool();
    const gapped = { ...start, bins: withEmptyBins(start, [start.activeId - 1, start.activeId - 2, start.activeId - 3]) };
    const swap = dlmmSwap(gapped, 400_000_000_000n, 'xToY', NOW); // 400 SOL: more than the active bin holds, less than two bins
    expect(swap.state.activeId).toBe(start.activeId - 4);
    for (const id of [start.activeId - 1, start.activeId - 2, start.activeId - 3]) expect(binAt(swap.state.bins, id)).toBe(binAt(gapped.bins, id));
    expect(binAt(swap.state.bins, start.activeId - 4)!.y).toBeLessThan(binAt(start.bins, start.activeId - 4)!.y);
  });

  it('computes the fee from the volatility: base plus control × (bins moved × step)², capped at the maximum', () => {
    const calm = pool();
    // volatility 3 + |id − ref| = 5 bins of 10 bps: 0.5 × 0.005² = 12.5e-6 → 12,500 ppb on top of the base fee.
    expect(dlmmFeePpb(calm, 3, calm.activeId, calm.activeId - 2)).toBe(1_012_500n);
    expect(dlmmFeePpb(calm, 3, calm.activeId, calm.activeId + 2)).toBe(1_012_500n);
    expect(dlmmFeePpb(calm, 0.1, calm.activeId, calm.activeId)).toBe(1_000_005n); // ceil(0.5 × 1e-8 × 1e9)
    expect(dlmmFeePpb(calm, 10_000, calm.activeId, calm.activeId)).toBe(50_000_000n);
  });

  it('carries volatility within the filter period, halves it within the decay period, forgets it after', () => {
    const start = pool();
    const moved = dlmmSwap(start, 20_000_000_000_000n, 'xToY', NOW).state;
    const crossed = start.activeId - moved.activeId;
    expect(moved.volatility).toEqual({ reference: 0, indexReference: start.activeId, lastSwapAt: NOW });
    const feeOfOneSolAt = (now: number) => dlmmQuote(moved, 1_000_000_000n, 'xToY', now).feeAmount;
    const feeAt1Sol = (reference: number, indexReference: number) => feeAt(1_000_000_000n, dlmmFeePpb(moved, reference, indexReference, moved.activeId));
    expect(feeOfOneSolAt(NOW + DLMM_FILTER_PERIOD_MS - 1)).toBe(feeAt1Sol(0, start.activeId));
    expect(feeOfOneSolAt(NOW + DLMM_FILTER_PERIOD_MS)).toBe(feeAt1Sol(crossed * 0.5, moved.activeId));
    expect(feeOfOneSolAt(NOW + DLMM_DECAY_PERIOD_MS - 1)).toBe(feeAt1Sol(crossed * 0.5, moved.activeId));
    expect(feeOfOneSolAt(NOW + DLMM_DECAY_PERIOD_MS)).toBe(1_000_000n);
    expect(feeAt1Sol(0, start.activeId)).toBeGreaterThan(feeAt1Sol(crossed * 0.5, moved.activeId));
    // A swap that trades nothing leaves the volatility as it was.
    expect(dlmmSwap(moved, 0n, 'xToY', NOW + 5_000).state.volatility).toBe(moved.volatility);
    expect(dlmmSwap(moved, 1n, 'xToY', NOW + 5_000).state.volatility.lastSwapAt).toBe(NOW + 5_000);
  });

  it.each([0.97, 1.03])('arbitrage to %s× the price drains every bin on the way, fees included, and stops next to the target bin', (factor) => {
    const start = pool();
    const target = binIdForPrice(10, 0.15 * factor);
    const moved = dlmmArbitrageTo(start, 0.15 * factor, NOW);
    const step = target < start.activeId ? -1 : 1;
    expect(moved.activeId).toBe(target - step);
    for (let id = start.activeId; id !== target; id += step) expect(step < 0 ? binAt(moved.bins, id)!.y : binAt(moved.bins, id)!.x).toBe(0n);
    expect(binAt(moved.bins, target)!).toEqual(binAt(start.bins, target)!);
  });

  it('arbitrage leaves a pool at the target bin as it is, and jumps over bins that hold nothing', () => {
    const start = pool();
    expect(dlmmArbitrageTo(start, dlmmSpotPrice(start), NOW)).toBe(start);
    const empty = {
      ...start,
      bins: withEmptyBins(
        start,
        [0, 1, 2, 3].map((i) => start.activeId + i),
      ),
    };
    const moved = dlmmArbitrageTo(empty, binPrice(10, start.activeId + 4), NOW);
    expect(moved.activeId).toBe(start.activeId + 4);
    expect(moved.bins).toBe(empty.bins);
  });
});

describe('DLMM quotes (drain tables: sums per bin, kept per pool state)', () => {
  const quoteFields = ({
    amountIn,
    amountOut,
    feeAmount,
    spotAmountOut,
  }: {
    amountIn: bigint;
    amountOut: bigint;
    feeAmount: bigint;
    spotAmountOut: bigint;
  }) => ({
    amountIn,
    amountOut,
    feeAmount,
    spotAmountOut,
  });
  const shapes = fc.record({
    binStepBps: fc.constantFrom(1, 5, 10, 80),
    binsPerSide: fc.integer({ min: 1, max: 30 }),
    valueY: fc.bigInt({ min: 10n ** 6n, max: 10n ** 13n }),
    emptied: fc.array(fc.integer({ min: -30, max: 30 }), { maxLength: 6 }),
  });

  it('answer any amounts, in any order, on one state, exactly as a swap walking the bins', () => {
    fc.assert(
      fc.property(shapes, directions, fc.array(fc.bigInt({ min: 0n, max: 10n ** 14n }), { minLength: 1, maxLength: 8 }), (shape, direction, amounts) => {
        const fresh = pool({ binStepBps: shape.binStepBps, binsPerSide: shape.binsPerSide, valueY: shape.valueY });
        const state = {
          ...fresh,
          bins: withEmptyBins(
            fresh,
            shape.emptied.map((offset) => fresh.activeId + offset).filter((id) => binAt(fresh.bins, id)),
          ),
        };
        for (const amountIn of amounts) expect(dlmmQuote(state, amountIn, direction, NOW)).toEqual(quoteFields(dlmmSwap(state, amountIn, direction, NOW)));
      }),
      { numRuns: process.env.MUTATION_RUN ? 30 : 150 },
    );
  });

  it('answer an amount that drains whole bins exactly, one that drains every bin, and nothing', () => {
    const start = pool({ binsPerSide: 3 });
    const oneBin = dlmmSwap(start, 10n ** 15n, 'yToX', NOW);
    const drainsAll = oneBin.amountIn;
    expect(drainsAll).toBeLessThan(10n ** 15n);
    expect(dlmmQuote(start, 10n ** 15n, 'yToX', NOW)).toEqual(quoteFields(oneBin));
    expect(dlmmQuote(start, drainsAll, 'yToX', NOW)).toEqual(quoteFields(dlmmSwap(start, drainsAll, 'yToX', NOW)));
    expect(dlmmQuote(start, drainsAll - 1n, 'yToX', NOW)).toEqual(quoteFields(dlmmSwap(start, drainsAll - 1n, 'yToX', NOW)));
    expect(dlmmQuote(start, 0n, 'xToY', NOW)).toEqual({ amountIn: 0n, amountOut: 0n, feeAmount: 0n, spotAmountOut: 0n });
  });

  it('price a state again as its volatility decays, and after a swap from the state the swap left', () => {
    const moved = dlmmSwap(pool(), 3_000_000_000_000n, 'xToY', NOW).state;
    for (const later of [NOW, NOW + DLMM_FILTER_PERIOD_MS, NOW + DLMM_DECAY_PERIOD_MS]) {
      for (const amountIn of [10n ** 9n, 10n ** 13n]) {
        expect(dlmmQuote(moved, amountIn, 'xToY', later)).toEqual(quoteFields(dlmmSwap(moved, amountIn, 'xToY', later)));
        expect(dlmmQuote(moved, amountIn, 'yToX', later)).toEqual(quoteFields(dlmmSwap(moved, amountIn, 'yToX', later)));
      }
    }
    expect(dlmmQuote(moved, 10n ** 13n, 'xToY', NOW).feeAmount).toBeGreaterThan(dlmmQuote(moved, 10n ** 13n, 'xToY', NOW + DLMM_DECAY_PERIOD_MS).feeAmount);
  });

  it('answer an amount that ends exactly where a bin is drained as the walk does, fee and all', () => {
    for (const direction of ['xToY', 'yToX'] as const) {
      const start = pool({ binStepBps: 5, valueY: 5_000_000_123_457n });
      const side = direction === 'xToY' ? 'y' : 'x';
      for (const k of [1, 2, 3]) {
        const id = start.activeId + (direction === 'xToY' ? -(k - 1) : k - 1);
        // The least amount that drains bin `id`: found by halving, swapping as the walk does.
        let [low, high] = [0n, 10n ** 18n];
        while (high - low > 1n) {
          const middle = (low + high) / 2n;
          if (binAt(dlmmSwap(start, middle, direction, NOW).state.bins, id)![side] === 0n) high = middle;
          else low = middle;
        }
        for (const amountIn of [high - 1n, high, high + 1n]) {
          expect(dlmmQuote(start, amountIn, direction, NOW)).toEqual(quoteFields(dlmmSwap(start, amountIn, direction, NOW)));
        }
      }
    }
  });
});
