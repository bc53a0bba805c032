import type { VenueId } from '../../contracts/order-lifecycle.js';

/** What a pool gives for an input: `amountIn` is the part it takes (all of it unless it runs out of liquidity). */
export interface PoolFill {
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly feeAmount: bigint;
  readonly priceImpactBps: number;
}

/** One pool of the market as the route search sees it: two tokens (by mint) and a quote for any size either way. */
export interface RoutablePool {
  readonly id: string;
  readonly venue: VenueId;
  readonly mints: readonly [string, string];
  quote(inputMint: string, amountIn: bigint): PoolFill;
}

/** The pool's token that is not `mint`. */
export const otherMint = (pool: RoutablePool, mint: string): string => (pool.mints[0] === mint ? pool.mints[1] : pool.mints[0]);

/** The pool answering each input and amount once: a search asks the same questions of it many times. */
export function remembering(pool: RoutablePool): RoutablePool {
  // One map per way, keyed by the amount itself (a bigint key is compared by value; a string key would cost its formatting).
  const answers = [new Map<bigint, PoolFill>(), new Map<bigint, PoolFill>()];
  return {
    id: pool.id,
    venue: pool.venue,
    mints: pool.mints,
    quote: (inputMint, amountIn) => {
      // Stryker disable next-line EqualityOperator,ConditionalExpression: which way gets which map does not matter, only that they differ.
      const byAmount = answers[inputMint === pool.mints[0] ? 0 : 1];
      let fill = byAmount.get(amountIn);
      if (!fill) byAmount.set(amountIn, (fill = pool.quote(inputMint, amountIn)));
      return fill;
    },
  };
}
