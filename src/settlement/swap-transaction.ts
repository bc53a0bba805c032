import type { ConfirmedOnChain, SubmittedOnChain, TxStep, VenueId } from '../contracts/order-lifecycle.js';
import { routeVenue, type RoutingDecision } from '../routing/routing-decision.js';
import type { SwapLeg } from '../simulation/simulated-exchange.js';
import type { Token } from '../tokens/token.js';

/** One swap of the transaction: through one pool, what it should give; a chained leg swaps what the leg before gave. */
export interface SwapLegPlan extends SwapLeg {
  readonly venue: VenueId;
  readonly expectedAmountOut: bigint;
}

/** A signed swap, ready to send: one transaction, one or more swap legs. Its signature is known before it is sent. */
export interface SwapTransaction {
  readonly signature: string;
  /** The route's venues ("raydium", or "meteora+raydium" for a route through both). */
  readonly venue: string;
  readonly legs: readonly SwapLegPlan[];
  readonly input: Token;
  readonly output: Token;
  readonly amountIn: bigint;
  readonly expectedAmountOut: bigint;
  readonly minAmountOut: bigint;
  readonly slippageBps: number;
  readonly steps: readonly TxStep[];
  /** How it goes out on a Solana network; null on paper. */
  readonly network: SubmittedOnChain | null;
}

/** A swap that landed and succeeded on chain. */
export interface SettledSwap {
  readonly signature: string;
  readonly venue: string;
  readonly fills: readonly { venue: VenueId; amountIn: string; amountOut: string; feeAmount: string }[];
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly executedPrice: number;
  readonly landedAt: string;
  /** What the Solana network recorded of it; null on paper. */
  readonly network: ConfirmedOnChain | null;
}

/** The swap a route makes, signed as `signature`: its legs expect what the route quoted; it must give at least the floor. */
export function routeTransaction(
  { request, route }: RoutingDecision,
  floor: { readonly minAmountOut: bigint; readonly slippageBps: number },
  signature: string,
  network: SubmittedOnChain | null,
): SwapTransaction {
  return {
    signature,
    venue: routeVenue(route),
    legs: route.legs.map((leg) => ({
      venue: leg.venue,
      pool: leg.pool,
      input: leg.input,
      output: leg.output,
      amountIn: leg.amountIn,
      chained: leg.chained,
      expectedAmountOut: leg.amountOut,
    })),
    input: request.input,
    output: request.output,
    amountIn: route.amountIn,
    expectedAmountOut: route.amountOut,
    minAmountOut: floor.minAmountOut,
    slippageBps: floor.slippageBps,
    steps: [...(request.input.native ? (['wrapSol'] as const) : []), 'swap', ...(request.output.native ? (['unwrapSol'] as const) : [])],
    network,
  };
}
