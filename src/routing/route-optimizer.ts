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
const MIN_SPLIT_GAIN_BPS = 1;
const SPLIT_SEARCH_MIN_IMPACT_BPS = 0.5;

const toLeg = (quote: VenueQuote): RouteLeg => ({
  venue: quote.venue,
  amountIn: quote.amountIn,
  amountOut: quote.amountOut,
  feeAmount: quote.feeAmount,
  priceImpactBps: quote.priceImpactBps,
});

export const singleRoute = (quote: VenueQuote): Route => ({ legs: [toLeg(quote)], amountIn: quote.amountIn, amountOut: quote.amountOut });

interface SplitPoint {
  readonly shareBps: number;
  /** Output of both legs, each as much as its venue can fill. */
  readonly out: bigint;
  /** Whether both venues take their whole leg. */
  readonly filled: boolean;
  readonly legs: readonly [VenueQuote, VenueQuote];
}

/**
 * The best way to divide `amountIn` between two venues, to the bps of share.
 * Output is concave in input on each venue (AMM curves, DLMM bins), and stays
 * flat once a venue runs out of liquidity, so the total over the share is
 * unimodal even where a leg cannot be filled: a Fibonacci search finds its
 * peak with one new evaluation per step (about 20 for 10,000 shares). Only a
 * division both venues fill in full is returned, and only when it beats the
 * better venue alone by `minGainBps`.
 */
export function bestSplit(amountIn: bigint, a: PricedQuote, b: PricedQuote, minGainBps = MIN_SPLIT_GAIN_BPS): Route | undefined {
  // The baseline is the better venue that fills the whole amount alone (when neither does, any filled split wins).
  const single = [a, b].filter((q) => q.amountIn === amountIn).reduce((best, q) => (q.amountOut > best ? q.amountOut : best), 0n);
  // With no price impact on either venue, output is linear in input and no split can beat the better one.
  if (a.priceImpactBps + b.priceImpactBps < SPLIT_SEARCH_MIN_IMPACT_BPS) return undefined;
  const points = new Map<number, SplitPoint>();
  const at = (shareBps: number): SplitPoint => {
    let point = points.get(shareBps);
    if (!point) points.set(shareBps, (point = splitAt(a, b, amountIn, shareBps)));
    return point;
  };
  const [lowest, highest] = [1, Number(BPS) - 1];
  const peak = fibonacciPeak(lowest, highest, (share) => at(share).out);
  // The peak may sit one step past where a venue runs out: the best filled division is beside it.
  let best: SplitPoint | undefined;
  for (let share = Math.max(lowest, peak - 2); share <= Math.min(highest, peak + 2); share++) {
    const point = at(share);
    if (point.filled && (!best || point.out > best.out)) best = point;
  }
  if (!best || (single > 0n && advantageBps(best.out, single) < minGainBps)) return undefined;
  const legs = best.legs.filter((leg) => leg.amountIn > 0n).map(toLeg);
  return { legs, amountIn, amountOut: best.out };
}

function splitAt(a: PricedQuote, b: PricedQuote, amountIn: bigint, shareBps: number): SplitPoint {
  const toA = shareOf(amountIn, shareBps);
  const legA = a.quoteFor(toA);
  const legB = b.quoteFor(amountIn - toA);
  return { shareBps, out: legA.amountOut + legB.amountOut, filled: legA.amountIn === toA && legB.amountIn === amountIn - toA, legs: [legA, legB] };
}

/**
 * The argument of the maximum of a unimodal `value` over the integers
 * [lowest, highest] (on a plateau, its left end), by Fibonacci search: each
 * step keeps one of the two inner points, so it costs one evaluation.
 */
export function fibonacciPeak(lowest: number, highest: number, value: (x: number) => bigint): number {
  const fib = [1, 1];
  while (fib[fib.length - 1] < highest - lowest) fib.push(fib[fib.length - 1] + fib[fib.length - 2]);
  // Past `highest` the value counts as lowest of all, which keeps it unimodal.
  const valueIn = (x: number): bigint | undefined => (x <= highest ? value(x) : undefined);
  const greater = (p: number, q: number): boolean => {
    const [vp, vq] = [valueIn(p), valueIn(q)];
    return vq === undefined ? vp !== undefined : vp !== undefined && vp > vq;
  };
  let [start, k] = [lowest, fib.length - 1];
  while (k > 2) {
    const [left, right] = [start + fib[k - 2], start + fib[k - 1]];
    // The peak lies in [start, right] unless the right point is strictly higher.
    if (greater(right, left)) start = left;
    k--;
  }
  let peak = start;
  for (let x = start + 1; x <= Math.min(highest, start + fib[k]); x++) if (greater(x, peak)) peak = x;
  return peak;
}
