import fc from 'fast-check';
import { cpmmSwap, type CpmmState } from '../simulation/amm/constant-product.js';
import { dlmmPool, dlmmSwap } from '../simulation/amm/dlmm.js';
import { DEFAULT_TOKENS } from '../tokens/token.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import { advantageBps, shareOf } from './price-math.js';
import type { PricedQuote, VenueQuote } from './quote-provider.js';
import { bestSplit, fibonacciPeak } from './route-optimizer.js';
import { chooseRoute, toRouteView, type VenueOutcome } from './routing-decision.js';

const [SOL, USDC] = DEFAULT_TOKENS;
const NOW = 1_000_000;

/** A venue backed by a real pool curve: output for any size from one snapshot (what it can fill when it runs out). */
function priced(venue: VenueId, amountIn: bigint, swap: (amountIn: bigint) => { amountIn: bigint; amountOut: bigint; feeAmount: bigint }): PricedQuote {
  const spot = swap(1_000_000n);
  const quoteFor = (size: bigint): VenueQuote => {
    const result = swap(size);
    const impact = result.amountIn === 0n ? 0 : Math.max(0, 1 - Number(result.amountOut) / Number(result.amountIn) / (Number(spot.amountOut) / 1e6)) * 10_000;
    return { venue, amountIn: result.amountIn, amountOut: result.amountOut, feeAmount: result.feeAmount, feeBps: 25, priceImpactBps: impact, price: 0 };
  };
  return { ...quoteFor(amountIn), quoteFor };
}

const cpmm = (venue: VenueId, pool: CpmmState, amountIn: bigint) => priced(venue, amountIn, (size) => cpmmSwap(pool, size, 'xToY'));
const dlmm = (venue: VenueId, valueY: bigint, amountIn: bigint, binsPerSide = 69, binStepBps = 10) => {
  const pool = dlmmPool({ price: 0.15, binStepBps, binsPerSide, valueY, baseFeePpb: 1_000_000n, variableFeeControl: 0.5, maxFeePpb: 50_000_000n }, NOW);
  return priced(venue, amountIn, (size) => dlmmSwap(pool, size, 'xToY', NOW));
};
const outcome = (quote: PricedQuote): VenueOutcome => ({ venue: quote.venue, ok: true, quote, latencyMs: 0 });
const request = (amountIn: bigint) => ({ input: SOL, output: USDC, amountIn });

/** The best division both venues fill, by trying every share in bps. */
function bruteForceSplit(amountIn: bigint, a: PricedQuote, b: PricedQuote): bigint | undefined {
  let best: bigint | undefined;
  for (let share = 1; share < 10_000; share++) {
    const toA = shareOf(amountIn, share);
    const [legA, legB] = [a.quoteFor(toA), b.quoteFor(amountIn - toA)];
    const filled = legA.amountIn === toA && legB.amountIn === amountIn - toA;
    if (filled && (best === undefined || legA.amountOut + legB.amountOut > best)) best = legA.amountOut + legB.amountOut;
  }
  return best;
}

const cpmmPoolArb = fc
  .record({ reserveY: fc.bigInt({ min: 10n ** 11n, max: 10n ** 14n }), feeBps: fc.integer({ min: 1, max: 100 }) })
  .map(({ reserveY, feeBps }) => ({ reserveX: (reserveY * 20n) / 3n, reserveY, feePpb: BigInt(feeBps) * 100_000n }));
const dlmmPoolArb = fc.record({
  valueY: fc.bigInt({ min: 10n ** 10n, max: 10n ** 13n }),
  binsPerSide: fc.integer({ min: 3, max: 80 }),
  binStepBps: fc.constantFrom(1, 5, 10, 25, 100),
});

describe('route choice across pools', () => {
  it('finds the best split to within a hundredth of a bps of a brute-force search over every share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1_000_000n, max: 50_000_000_000_000n }),
        cpmmPoolArb,
        fc.oneof(
          cpmmPoolArb.map((pool) => ({ kind: 'cpmm' as const, pool })),
          dlmmPoolArb.map((pool) => ({ kind: 'dlmm' as const, pool })),
        ),
        (amountIn, raydiumPool, other) => {
          const raydium = cpmm('raydium', raydiumPool, amountIn);
          const meteora =
            other.kind === 'cpmm'
              ? cpmm('meteora', other.pool, amountIn)
              : dlmm('meteora', other.pool.valueY, amountIn, other.pool.binsPerSide, other.pool.binStepBps);
          const split = bestSplit(amountIn, raydium, meteora, 0);
          const bruteForce = bruteForceSplit(amountIn, raydium, meteora);
          if (bruteForce === undefined) return expect(split).toBeUndefined();
          const singles = [raydium, meteora].filter((q) => q.amountIn === amountIn).map((q) => q.amountOut);
          const found = split?.amountOut ?? singles.reduce((a, b) => (a > b ? a : b), 0n);
          expect(advantageBps(bruteForce, found)).toBeLessThanOrEqual(0.01);
          if (!split) return;
          // A returned split is one both venues fill in full, with legs that add up.
          expect(split.legs.reduce((sum, leg) => sum + leg.amountIn, 0n)).toBe(amountIn);
          expect(split.legs.reduce((sum, leg) => sum + leg.amountOut, 0n)).toBe(split.amountOut);
          for (const leg of split.legs) expect((leg.venue === 'raydium' ? raydium : meteora).quoteFor(leg.amountIn).amountOut).toBe(leg.amountOut);
        },
      ),
      // A brute force of 10,000 shares per run: fewer runs per mutant in a mutation run.
      { numRuns: process.env.MUTATION_RUN ? 4 : 25 },
    );
  });

  it('finds the split where a DLMM pool runs out of liquidity and the other venue cannot take it all either', () => {
    // Meteora's 5-bin pool takes about 29% of the order, the capped venue at most 76%: only shares of 71–76% fill at all,
    // a window that a search treating "cannot fill" as a value lower than any output walks away from.
    const amountIn = 2_000_000_000_000n;
    const meteora = dlmm('meteora', 80_000_000_000n, amountIn, 5);
    const pool: CpmmState = { reserveX: 10n ** 14n, reserveY: 15_000_000_000_000n, feePpb: 2_500_000n };
    const capped = priced('raydium', amountIn, (size) => cpmmSwap(pool, size > 1_520_000_000_000n ? 1_520_000_000_000n : size, 'xToY'));
    expect(Number((meteora.amountIn * 10_000n) / amountIn)).toBeGreaterThan(2_400);
    expect(Number((meteora.amountIn * 10_000n) / amountIn)).toBeLessThan(3_000);
    const split = bestSplit(amountIn, capped, meteora, 0);
    expect(split).toBeDefined();
    expect(split?.amountOut).toBe(bruteForceSplit(amountIn, capped, meteora));
    expect(split?.legs.map((leg) => leg.venue)).toEqual(['raydium', 'meteora']);
  });

  it('finds the peak of any unimodal sequence, the left end of a plateau', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 30 }), (low, span, plateau) => {
        const high = low + span;
        const peak = low + Math.floor(span / 3);
        const value = (x: number) => BigInt(x < peak ? x - peak : x <= peak + plateau ? 0 : peak + plateau - x);
        expect(fibonacciPeak(low, high, value)).toBe(peak);
      }),
    );
  });

  it('splits a large order across two deep venues and reports the division and the gain', () => {
    const amountIn = 10_000_000_000_000n; // 10,000 SOL
    const pool: CpmmState = { reserveX: 60_000_000_000_000n, reserveY: 9_000_000_000_000n, feePpb: 2_500_000n };
    const decision = chooseRoute(request(amountIn), [outcome(cpmm('raydium', pool, amountIn)), outcome(cpmm('meteora', pool, amountIn))])!;
    expect(decision.route.legs).toHaveLength(2);
    const view = toRouteView(decision);
    expect(view.kind).toBe('split');
    expect(view.legs[0].shareBps + view.legs[1].shareBps).toBeGreaterThanOrEqual(9_999);
    expect(Math.abs(view.legs[0].shareBps - 5_000)).toBeLessThan(50); // identical pools: half each
    expect(view.splitGainBps).toBeGreaterThan(100);
    expect(view.reason).toMatch(/^split \d+(\.\d+)?% (raydium|meteora) \/ \d+(\.\d+)?% (raydium|meteora) returns .* bps more USDC than/);
  });

  it('keeps a small order on one venue', () => {
    const amountIn = 1_000_000_000n;
    const pool: CpmmState = { reserveX: 60_000_000_000_000n, reserveY: 9_000_000_000_000n, feePpb: 2_500_000n };
    const decision = chooseRoute(request(amountIn), [outcome(cpmm('raydium', pool, amountIn)), outcome(dlmm('meteora', 5_000_000_000_000n, amountIn))])!;
    expect(decision.route.legs).toHaveLength(1);
    expect(decision.splitGainBps).toBeNull();
  });

  it('finds the peak exhaustively on small ranges: every position, rising, falling, and the range end', () => {
    for (const span of [0, 1, 2, 3, 4, 5, 7, 8, 12, 13, 20, 33, 100]) {
      for (let peak = 0; peak <= span; peak++) {
        const low = 10;
        const value = (x: number) => BigInt(-Math.abs(x - (low + peak)));
        expect(fibonacciPeak(low, low + span, value)).toBe(low + peak);
      }
      expect(fibonacciPeak(0, span, (x) => BigInt(x))).toBe(span);
      expect(fibonacciPeak(0, span, (x) => BigInt(-x))).toBe(0);
    }
  });

  const twoPools = (amountIn: bigint) => {
    const deep: CpmmState = { reserveX: 60_000_000_000_000n, reserveY: 9_000_000_000_000n, feePpb: 2_500_000n };
    const shallow: CpmmState = { reserveX: 30_000_000_000_000n, reserveY: 4_400_000_000_000n, feePpb: 2_500_000n };
    return [cpmm('raydium', deep, amountIn), cpmm('meteora', shallow, amountIn)] as const;
  };

  it('returns a split only when it beats the better venue alone by the minimum gain', () => {
    const amountIn = 5_000_000_000_000n;
    const [a, b] = twoPools(amountIn);
    const split = bestSplit(amountIn, a, b, 0)!;
    const better = a.amountOut > b.amountOut ? a.amountOut : b.amountOut;
    const gain = advantageBps(split.amountOut, better);
    expect(gain).toBeGreaterThan(1);
    expect(bestSplit(amountIn, a, b, gain)?.amountOut).toBe(split.amountOut);
    expect(bestSplit(amountIn, b, a, gain)?.amountOut).toBe(split.amountOut);
    expect(bestSplit(amountIn, a, b, gain + 0.01)).toBeUndefined();
    expect(bestSplit(amountIn, b, a, gain + 0.01)).toBeUndefined();
  });

  it('measures the gain against a venue that fills the whole amount; when neither does, any split both fill wins', () => {
    const amountIn = 2_000_000_000_000n;
    const pool: CpmmState = { reserveX: 10n ** 14n, reserveY: 15_000_000_000_000n, feePpb: 2_500_000n };
    const cap = (venue: VenueId, limit: bigint) => priced(venue, amountIn, (size) => cpmmSwap(pool, size > limit ? limit : size, 'xToY'));
    // Each venue alone takes 60%: a capped venue's partial output is no baseline, and the split is the only route.
    const [a, b] = [cap('raydium', 1_200_000_000_000n), cap('meteora', 1_200_000_000_000n)];
    const split = bestSplit(amountIn, a, b)!;
    expect(split.legs.reduce((sum, leg) => sum + leg.amountIn, 0n)).toBe(amountIn);
    // One venue fills alone: the other's partial output (larger here) does not count as the baseline.
    const full = cpmm('meteora', { ...pool, reserveX: pool.reserveX / 4n, reserveY: pool.reserveY / 4n }, amountIn);
    const partial = cap('raydium', 1_900_000_000_000n);
    expect(partial.amountOut).toBeGreaterThan(full.amountOut);
    expect(bestSplit(amountIn, partial, full)).toBeDefined();
  });

  it('does not search when neither venue has price impact (output linear in input), and does at the threshold', () => {
    const amountIn = 5_000_000_000_000n;
    const [a, b] = twoPools(amountIn);
    const flat = (q: PricedQuote, impact: number): PricedQuote => ({ ...q, priceImpactBps: impact });
    expect(bestSplit(amountIn, flat(a, 0.2), flat(b, 0.2), 0)).toBeUndefined();
    expect(bestSplit(amountIn, flat(a, 0.25), flat(b, 0.25), 0)).toBeDefined();
  });

  it('leaves out a leg that would swap nothing', () => {
    const amountIn = 7n;
    const [a, b] = twoPools(amountIn);
    const split = bestSplit(amountIn, { ...a, priceImpactBps: 1 }, { ...b, priceImpactBps: 1 }, -10_000);
    // At 7 base units the best division gives one venue nothing: the route is its other leg alone.
    expect(split?.legs.map((leg) => [leg.venue, leg.amountIn])).toEqual([['meteora', 7n]]);
  });
});
