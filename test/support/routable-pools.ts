// Pools for the route search's specs: exact curves on made-up mints, cheap to reason about by hand.
import type { VenueId } from '../../src/contracts/order-lifecycle.js';
import type { RoutablePool } from '../../src/routing/route-search/routable-pool.js';
import { cpmmSwap } from '../../src/simulation/amm/constant-product.js';

/** A constant-product pool holding `reserves` of `mints`, charging `feeBps` of the input. */
export function cpmm(id: string, mints: readonly [string, string], reserves: readonly [bigint, bigint], feeBps = 25, venue: VenueId = 'raydium'): RoutablePool {
  const state = { reserveX: reserves[0], reserveY: reserves[1], feePpb: BigInt(feeBps) * 100_000n };
  return {
    id,
    venue,
    mints,
    quote: (inputMint, amountIn) => {
      const { amountIn: taken, amountOut, feeAmount } = cpmmSwap(state, amountIn, inputMint === mints[0] ? 'xToY' : 'yToX');
      return { amountIn: taken, amountOut, feeAmount, priceImpactBps: 0 };
    },
  };
}

/** A pool that pays `perUnit` output per input unit (no impact) either way, and takes at most `capacity` units. */
export function capped(id: string, mints: readonly [string, string], perUnit: bigint, capacity: bigint, venue: VenueId = 'meteora'): RoutablePool {
  return {
    id,
    venue,
    mints,
    quote: (_inputMint, amountIn) => {
      const taken = amountIn < capacity ? amountIn : capacity;
      return { amountIn: taken, amountOut: taken * perUnit, feeAmount: 0n, priceImpactBps: 0 };
    },
  };
}

/** `pool`, counting the quotes asked of it. */
export function counting(pool: RoutablePool): RoutablePool & { readonly asked: () => number } {
  let asked = 0;
  return {
    ...pool,
    quote: (inputMint, amountIn) => {
      asked++;
      return pool.quote(inputMint, amountIn);
    },
    asked: () => asked,
  };
}
