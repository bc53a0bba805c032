import type { OrderTerms, OrderType, StatusDetails } from '../contracts/order-lifecycle.js';
import type { FieldError } from '../contracts/rest.js';
import { displayPrice } from '../tokens/display-price.js';
import type { RoutingDecision } from '../routing/routing-decision.js';
import type { Token } from '../tokens/token.js';

/** The request fields an order type may own, as received (checked by the type's handler). */
export interface TermsFields {
  readonly limitPrice?: unknown;
  readonly maxPrice?: unknown;
  readonly expiresAt?: unknown;
}

/** An order as a handler judges it: its trade and its terms. */
export interface TermsOrder {
  readonly input: Pick<Token, 'decimals'>;
  readonly output: Pick<Token, 'decimals'>;
  readonly amountIn: bigint;
  readonly slippageBps: number;
  readonly terms: OrderTerms;
}

/** The best route for the whole amount now, as far as a handler needs it; undefined when there is no pool yet. */
export interface RouteOffer {
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  /** Output per input, UI units, net of fees and impact. */
  readonly price: number;
}

export type Assessment =
  /** Execute now; the swap must give at least `minAmountOut` (a tolerance of `slippageBps` below the route's output). */
  | { readonly ready: true; readonly minAmountOut: bigint; readonly slippageBps: number }
  /** Rest until the market allows it. */
  | { readonly ready: false; readonly waiting: Omit<StatusDetails['waiting'], 'reason'> & { readonly reason: string } };

/**
 * Why a run found no market for an order: the swap landed below its floor
 * (the market moved after routing), no venue answered, or no venue lists the
 * pair (a token that has not launched).
 */
export type MissedMarket = 'slippage' | 'noVenue' | 'noPool';

/**
 * What one order type owns: its request fields, when an order of the type is
 * ready to route, and what it requires of a fill. Every handler is registered
 * under `ORDER_TYPE_HANDLERS`; adding a type adds a handler.
 */
export abstract class OrderTypeHandler {
  abstract readonly type: OrderType;
  /** A run that found no market for these reasons rests again (`waiting`) instead of retrying into `failed`. */
  abstract readonly restsAfter: ReadonlySet<MissedMarket>;
  /** The output token may be a mint no venue lists yet (the order waits for its launch). */
  readonly acceptsUnlaunchedOutput: boolean = false;

  /** Checks the type's own fields (pushing each bad one to `errors`) and returns the order's terms. */
  abstract terms(fields: TermsFields, errors: FieldError[], now: Date): OrderTerms;

  /** Whether the order executes on `offer` now, and the least its fill may give. */
  abstract assess(order: TermsOrder, offer: RouteOffer | undefined): Assessment;

  /**
   * Where a resting order sits in the trigger index: it cannot execute while
   * the pair's spot price (output per input, UI units) is below this. 0: any price.
   */
  threshold(_terms: OrderTerms): number {
    return 0;
  }
}

export const ORDER_TYPE_HANDLERS = Symbol('ORDER_TYPE_HANDLERS');

/** What a handler needs of a routing decision: the route's amounts and its price. */
export const routeOffer = ({ route, request }: RoutingDecision): RouteOffer => ({
  amountIn: route.amountIn,
  amountOut: route.amountOut,
  price: displayPrice(route.amountIn, route.amountOut, request.input.decimals, request.output.decimals),
});
