import type {
  ErrorView,
  OrderSide,
  OrderStatus,
  OrderTerms,
  OrderType,
  RouteView,
  TokenView,
  RouteVenue,
  VenueQuoteView,
} from '../contracts/order-lifecycle.js';

/** An order as accepted, before anything has happened to it. */
export interface NewOrder {
  readonly id: string;
  readonly type: OrderType;
  readonly side: OrderSide | null;
  readonly input: TokenView;
  readonly output: TokenView;
  readonly amountIn: bigint;
  readonly slippageBps: number;
  readonly terms: OrderTerms;
  readonly createdAt: Date;
  /** Who placed it (an API key's name); null when the engine runs open. */
  readonly owner: string | null;
  /** The client's own id for it (Idempotency-Key or clientOrderId), unique per owner; null without one. */
  readonly clientOrderId: string | null;
  /** What the request asked (a hash of its normalised fields): a retry with the same client id must ask the same. */
  readonly requestHash: string | null;
}

/** An order as stored, with what its lifecycle has learnt so far. */
export interface OrderRecord extends NewOrder {
  readonly status: OrderStatus;
  readonly venue: RouteVenue | null;
  readonly quotes: readonly VenueQuoteView[] | null;
  readonly route: RouteView | null;
  readonly minAmountOut: bigint | null;
  readonly amountOut: bigint | null;
  readonly executedPrice: number | null;
  readonly txHash: string | null;
  readonly failure: ErrorView | null;
  readonly attempts: number;
  /** The `seq` of the order's last event. */
  readonly lastSeq: number;
  readonly updatedAt: Date;
}
