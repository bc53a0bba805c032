import { feeAt, PPB, type SwapDirection, type SwapResult } from './swap-direction.js';

/** A Raydium-style constant-product pool: x · y = k, fee taken from the input and left in the pool. */
export interface CpmmState {
  readonly reserveX: bigint;
  readonly reserveY: bigint;
  /** Fee in parts per billion (0.25% = 2,500,000). */
  readonly feePpb: bigint;
}

export function cpmmSwap(state: CpmmState, amountIn: bigint, direction: SwapDirection): SwapResult<CpmmState> {
  const [reserveIn, reserveOut] = direction === 'xToY' ? [state.reserveX, state.reserveY] : [state.reserveY, state.reserveX];
  if (amountIn <= 0n) return { amountIn: 0n, amountOut: 0n, feeAmount: 0n, spotAmountOut: 0n, state };
  const feeAmount = feeAt(amountIn, state.feePpb);
  const net = amountIn - feeAmount;
  const amountOut = (reserveOut * net) / (reserveIn + net);
  const [newIn, newOut] = [reserveIn + amountIn, reserveOut - amountOut];
  return {
    amountIn,
    amountOut,
    feeAmount,
    spotAmountOut: (net * reserveOut) / reserveIn,
    state: direction === 'xToY' ? { ...state, reserveX: newIn, reserveY: newOut } : { ...state, reserveX: newOut, reserveY: newIn },
  };
}

/** Spot price: base units of Y per base unit of X. */
export const cpmmSpotPrice = (state: CpmmState): number => Number(state.reserveY) / Number(state.reserveX);

/**
 * The arbitrage trade that moves the pool's spot price to `targetPrice`
 * (Y per X, base units), executed as an ordinary swap so that fees are paid
 * and k only grows.
 */
export function cpmmArbitrageTo(state: CpmmState, targetPrice: number): CpmmState {
  const k = Number(state.reserveX) * Number(state.reserveY);
  const targetX = Math.sqrt(k / targetPrice);
  const targetY = Math.sqrt(k * targetPrice);
  const feeFactor = 1 - Number(state.feePpb) / Number(PPB);
  if (targetX > Number(state.reserveX) * 1.000001) {
    return cpmmSwap(state, BigInt(Math.floor((targetX - Number(state.reserveX)) / feeFactor)), 'xToY').state;
  }
  if (targetY > Number(state.reserveY) * 1.000001) {
    return cpmmSwap(state, BigInt(Math.floor((targetY - Number(state.reserveY)) / feeFactor)), 'yToX').state;
  }
  return state;
}

/** A pool holding `valueY` worth of each side at `price` (Y per X, base units). */
export function cpmmPool(price: number, reserveY: bigint, feePpb: bigint): CpmmState {
  return { reserveX: BigInt(Math.round(Number(reserveY) / price)), reserveY, feePpb };
}
