import type { VenueId } from '../contracts/order-lifecycle.js';
import { advantageBps, BPS, shareOf } from './price-math.js';
import type { PricedQuote, VenueQuote } from './quote-provider.js';

export interface RouteLeg {
  readonly venue: VenueId;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly feeAmount: bigint;
  readonly priceImpactBps: number;
}

export interface Route {
  readonly legs: readonly RouteLeg[];
  readonly amountIn: bigint;
  readonly amountOut: bigint;
}

/** A split must beat the best single venue by at least this much to be worth a second swap. */
export const MIN_SPLIT_GAIN_BPS = 1;
const SPLIT_SEARCH_MIN_IMPACT_BPS = 0.5;

const toLeg = (quote: VenueQuote): RouteLeg => ({
  venue: quote.venue,
  amountIn: quote.amountIn,
  amountOut: quote.amountOut,
  feeAmount: quote.feeAmount,
  priceImpactBps: quote.priceImpactBps,
});

export const singleRoute = (quote: VenueQuote): Route => ({ legs: [toLeg(quote)], amountIn: quote.amountIn, amountOut: quote.amountOut });

/**
 * The best way to divide `amountIn` between two venues: output is concave in
 * input on each venue (AMM curves, DLMM bins), so a ternary search over the
 * share finds the best split, finished by a scan of the last few steps.
 * Returns undefined when no split beats the better venue alone.
 */
export function bestSplit(a: PricedQuote, b: PricedQuote, minGainBps = MIN_SPLIT_GAIN_BPS): Route | undefined {
  const amountIn = a.amountIn;
  const single = a.amountOut >= b.amountOut ? a : b;
  // With no price impact on either venue, output is linear in input and no split can beat the better one.
  if (a.priceImpactBps + b.priceImpactBps < SPLIT_SEARCH_MIN_IMPACT_BPS) return undefined;
  const evaluate = (shareBps: number): { out: bigint; legs?: [VenueQuote, VenueQuote] } => {
    const toA = shareOf(amountIn, shareBps);
    const legA = a.quoteFor(toA);
    const legB = b.quoteFor(amountIn - toA);
    return legA && legB ? { out: legA.amountOut + legB.amountOut, legs: [legA, legB] } : { out: -1n };
  };
  let [low, high] = [1, Number(BPS) - 1];
  while (high - low > 24) {
    const m1 = low + Math.floor((high - low) / 3);
    const m2 = high - Math.floor((high - low) / 3);
    if (evaluate(m1).out < evaluate(m2).out) low = m1 + 1;
    else high = m2 - 1;
  }
  let best = evaluate(low);
  for (let share = low + 1; share <= high; share++) {
    const candidate = evaluate(share);
    if (candidate.out > best.out) best = candidate;
  }
  if (!best.legs || advantageBps(best.out, single.amountOut) < minGainBps) return undefined;
  const legs = best.legs.filter((leg) => leg.amountIn > 0n).map(toLeg);
  return { legs, amountIn, amountOut: best.out };
}
