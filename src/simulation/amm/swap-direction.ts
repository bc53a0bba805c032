/** A pool holds token X (the pair's lower mint) and token Y; a swap sells one for the other. */
export type SwapDirection = 'xToY' | 'yToX';

export interface SwapResult<State> {
  /** Input actually consumed (all of it unless the pool ran out of liquidity). */
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  /** Part of `amountIn` paid as fees (it stays in the pool). */
  readonly feeAmount: bigint;
  /** Output the same input would give at the pre-trade spot price, fee aside: the baseline of price impact. */
  readonly spotAmountOut: bigint;
  readonly state: State;
}

export const PPB = 1_000_000_000n;

/** A fee on `amount` at `ratePpb` parts per billion, rounded up in the pool's favour. */
export const feeAt = (amount: bigint, ratePpb: bigint): bigint => (amount * ratePpb + PPB - 1n) / PPB;

/** Price impact in bps: how far the output (before fees) falls short of the spot-price output. */
export function priceImpactBps(amountOutBeforeFee: bigint, spotAmountOut: bigint): number {
  // Amounts are never negative: a spot output of 0 returns here too, so the division below never sees 0.
  if (amountOutBeforeFee >= spotAmountOut) return 0;
  return Number(((spotAmountOut - amountOutBeforeFee) * 1_000_000n) / spotAmountOut) / 100;
}
