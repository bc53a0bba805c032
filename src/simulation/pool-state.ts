import { priceImpactBps, type SwapDirection, type SwapResult } from './amm/swap-direction.js';
import { cpmmArbitrageTo, cpmmPool, cpmmSpotPrice, cpmmSwap, type CpmmState } from './amm/constant-product.js';
import { dlmmArbitrageTo, dlmmPool, dlmmQuote, dlmmSpotPrice, dlmmSwap, type DlmmState } from './amm/dlmm.js';
import type { PoolDefinition } from './pool-catalog.js';

export type PoolState = { readonly kind: 'cpmm'; readonly pool: CpmmState } | { readonly kind: 'dlmm'; readonly pool: DlmmState };

/** How fast arbitrage closes the gap between a pool and its fair value. */
const ARBITRAGE_RELAXATION_MS = 15_000;

const bps = (value: number): bigint => BigInt(Math.round(value * 100_000));
const scale = (decimals: number) => 10 ** decimals;

/** Fair value (UI units of Y per X) as the pool's base-unit price. */
export const toBasePrice = (definition: PoolDefinition, uiPrice: number): number => uiPrice * (scale(definition.y.decimals) / scale(definition.x.decimals));

/** A fresh pool at `uiPrice`, holding the spec's TVL half in each token. */
export function createPoolState(definition: PoolDefinition, uiPrice: number, now: number): PoolState {
  const { spec, y } = definition;
  const valueY = BigInt(Math.round((spec.tvlUsd / 2 / y.referenceUsd) * scale(y.decimals)));
  const price = toBasePrice(definition, uiPrice);
  if (spec.kind === 'cpmm') return { kind: 'cpmm', pool: cpmmPool(price, valueY, bps(spec.feeBps)) };
  return {
    kind: 'dlmm',
    pool: dlmmPool(
      {
        price,
        binStepBps: spec.binStepBps,
        binsPerSide: spec.binsPerSide,
        valueY,
        baseFeePpb: bps(spec.baseFeeBps),
        variableFeeControl: spec.variableFeeControl,
        maxFeePpb: bps(spec.maxFeeBps),
      },
      now,
    ),
  };
}

export const spotPrice = (state: PoolState): number => (state.kind === 'cpmm' ? cpmmSpotPrice(state.pool) : dlmmSpotPrice(state.pool));

/**
 * Arbitrage since the last update: a pool whose price left its fee band around fair value (an arbitrageur earns
 * nothing inside it) trades back towards the band's nearer edge, closing 1 − e^(−dt/τ) of the (log) gap.
 * Deterministic, so that a quote and the settlement after it agree on the state at a given instant.
 */
export function evolve(state: PoolState, fairBasePrice: number, elapsedMs: number, now: number): PoolState {
  if (elapsedMs <= 0) return state;
  const current = spotPrice(state);
  const edge = feeBandEdge(current, fairBasePrice, poolFee(state));
  if (edge === undefined) return state;
  const pull = 1 - Math.exp(-elapsedMs / ARBITRAGE_RELAXATION_MS);
  const target = current * (edge / current) ** pull;
  if (Math.abs(target / current - 1) < 1e-6) return state;
  return state.kind === 'cpmm' ? { kind: 'cpmm', pool: cpmmArbitrageTo(state.pool, target) } : { kind: 'dlmm', pool: dlmmArbitrageTo(state.pool, target, now) };
}

/** The pool's base fee as a fraction (what an arbitrage trade through it pays). */
export const poolFee = (state: PoolState): number => Number(state.kind === 'cpmm' ? state.pool.feePpb : state.pool.baseFeePpb) / 1e9;

/** The edge of the fee band around `fair` that `price` lies beyond; undefined within the band. */
export function feeBandEdge(price: number, fair: number, fee: number): number | undefined {
  const [lower, upper] = [fair / (1 + fee), fair * (1 + fee)];
  if (price > upper) return upper;
  if (price < lower) return lower;
  return undefined;
}

export interface PoolQuote extends Omit<SwapResult<PoolState>, 'state'> {
  readonly priceImpactBps: number;
}

interface PoolSwap extends PoolQuote, SwapResult<PoolState> {}

/** What `amountIn` gets from the pool, without the pool's next state: the quote path, walked dozens of times per route. */
export function quotePool(state: PoolState, amountIn: bigint, direction: SwapDirection, now: number): PoolQuote {
  const {
    amountIn: consumed,
    amountOut,
    feeAmount,
    spotAmountOut,
  } = state.kind === 'cpmm' ? cpmmSwap(state.pool, amountIn, direction) : dlmmQuote(state.pool, amountIn, direction, now);
  return { amountIn: consumed, amountOut, feeAmount, spotAmountOut, priceImpactBps: priceImpactBps(amountOut, spotAmountOut) };
}

export function swapPool(state: PoolState, amountIn: bigint, direction: SwapDirection, now: number): PoolSwap {
  const result = state.kind === 'cpmm' ? wrap('cpmm', cpmmSwap(state.pool, amountIn, direction)) : wrap('dlmm', dlmmSwap(state.pool, amountIn, direction, now));
  return { ...result, priceImpactBps: priceImpactBps(result.amountOut, result.spotAmountOut) };
}

function wrap<K extends PoolState['kind']>(kind: K, result: SwapResult<Extract<PoolState, { kind: K }>['pool']>): SwapResult<PoolState> {
  return { ...result, state: { kind, pool: result.state } as PoolState };
}
