import fc from 'fast-check';
import { cpmmSwap, type CpmmState } from '../simulation/amm/constant-product.js';
import { dlmmPool, dlmmSwap } from '../simulation/amm/dlmm.js';
import { DEFAULT_TOKENS } from '../tokens/token.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import type { PricedQuote, VenueQuote } from './quote-provider.js';
import { chooseRoute, toRouteView, type VenueOutcome } from './routing-decision.js';

const [SOL, USDC] = DEFAULT_TOKENS;
const NOW = 1_000_000;

/** A venue backed by a real pool curve: output for any size from one snapshot. */
function priced(venue: VenueId, amountIn: bigint, swap: (amountIn: bigint) => { amountIn: bigint; amountOut: bigint; feeAmount: bigint }): PricedQuote {
  const quoteFor = (size: bigint): VenueQuote | undefined => {
    const result = swap(size);
    if (result.amountIn < size) return undefined;
    const spot = swap(1_000_000n);
    const impact = size === 0n ? 0 : Math.max(0, 1 - Number(result.amountOut) / Number(size) / (Number(spot.amountOut) / 1e6)) * 10_000;
    return { venue, amountIn: size, amountOut: result.amountOut, feeAmount: result.feeAmount, feeBps: 25, priceImpactBps: impact, price: 0 };
  };
  return { ...quoteFor(amountIn)!, quoteFor };
}

const cpmm = (venue: VenueId, pool: CpmmState, amountIn: bigint) => priced(venue, amountIn, (size) => cpmmSwap(pool, size, 'xToY'));
const dlmm = (venue: VenueId, valueY: bigint, amountIn: bigint) => {
  const pool = dlmmPool({ price: 0.15, binStepBps: 10, binsPerSide: 69, valueY, baseFeePpb: 1_000_000n, variableFeeControl: 0.5, maxFeePpb: 50_000_000n }, NOW);
  return priced(venue, amountIn, (size) => dlmmSwap(pool, size, 'xToY', NOW));
};
const outcome = (quote: PricedQuote): VenueOutcome => ({ venue: quote.venue, ok: true, quote, latencyMs: 0 });
const request = (amountIn: bigint) => ({ input: SOL, output: USDC, amountIn });

describe('route choice across pools', () => {
  it('never picks a route worse than the best single venue, and a split never loses to its best leg', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1_000_000n, max: 50_000_000_000_000n }),
        fc.bigInt({ min: 10n ** 11n, max: 10n ** 14n }),
        fc.bigInt({ min: 10n ** 11n, max: 10n ** 13n }),
        (amountIn, reserveY, dlmmValue) => {
          const raydium = cpmm('raydium', { reserveX: (reserveY * 20n) / 3n, reserveY, feePpb: 2_500_000n }, amountIn);
          const meteora = dlmm('meteora', dlmmValue, amountIn);
          const candidates = [raydium, meteora].filter((q) => q.amountIn === amountIn);
          const decision = chooseRoute(request(amountIn), candidates.map(outcome))!;
          const bestSingle = candidates.reduce((a, b) => (a.amountOut >= b.amountOut ? a : b));
          expect(decision.route.amountOut).toBeGreaterThanOrEqual(bestSingle.amountOut);
          expect(decision.route.legs.reduce((sum, leg) => sum + leg.amountIn, 0n)).toBe(amountIn);
          expect(decision.route.legs.reduce((sum, leg) => sum + leg.amountOut, 0n)).toBe(decision.route.amountOut);
        },
      ),
      { numRuns: 60 },
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
});
