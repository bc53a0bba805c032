import type { SwapDirection } from '../amm/swap-direction.js';
import { feeBandEdge, poolFee, spotPrice, swapPool, type PoolState } from '../pool-state.js';

/** An arbitrage trade on one pool: which way, and how much of its input side (base units). */
export interface ArbitrageTrade {
  readonly direction: SwapDirection;
  readonly amountIn: bigint;
}

/** The most a token account can hold (u64): no trade is larger. */
const MAX_AMOUNT = (1n << 64n) - 1n;
/** Steps of the search for the trade's size: each halves the interval, so 64 pin any 64-bit amount. */
const SEARCH_STEPS = 64;

/**
 * The trade an arbitrageur makes on a pool whose price left its fee band around fair value: it sells the side
 * the pool prices too high until the pool's price is back at the band's nearer edge (where the next unit would
 * no longer pay its fee). Undefined when the pool is within its band, or off by less than `minGapBps` beyond it, or
 * when no trade can bring it back (a DLMM pool whose bins run out first).
 * Prices are base units of Y per X.
 */
export function arbitrageTrade(state: PoolState, fairBasePrice: number, now: number, minGapBps = 5): ArbitrageTrade | undefined {
  const price = spotPrice(state);
  const edge = feeBandEdge(price, fairBasePrice, poolFee(state));
  if (edge === undefined || Math.abs(Math.log(price / edge)) * 10_000 < minGapBps) return undefined;
  // Too dear in Y: sell X into the pool (its price falls); too cheap: sell Y (it rises).
  const direction: SwapDirection = price > edge ? 'xToY' : 'yToX';
  const reached = (amountIn: bigint) => {
    const after = spotPrice(swapPool(state, amountIn, direction, now).state);
    return direction === 'xToY' ? after <= edge : after >= edge;
  };
  let [low, high] = [0n, 1n];
  while (!reached(high) && high < MAX_AMOUNT) high *= 2n;
  // A DLMM pool whose bins run out before the edge: no trade brings it there.
  if (!reached(high)) return undefined;
  for (let step = 0; step < SEARCH_STEPS && high - low > 1n; step++) {
    const middle = (low + high) / 2n;
    if (reached(middle)) high = middle;
    else low = middle;
  }
  return { direction, amountIn: high };
}
