import type {
  ErrorView,
  OrderLifecycleEvent,
  OrderSide,
  OrderStatus,
  OrderType,
  RouteView,
  TokenView,
  RouteVenue,
  VenueQuoteView,
} from './order-lifecycle.js';

export interface OrderAcceptedResponse {
  readonly message: 'Order received';
  readonly orderId: string;
  readonly status: 'pending';
  readonly wsUrl: string;
}

export interface OrderView {
  readonly orderId: string;
  readonly type: OrderType;
  readonly side: OrderSide | null;
  readonly status: OrderStatus;
  readonly inputToken: TokenView;
  readonly outputToken: TokenView;
  readonly amountIn: string;
  readonly slippageBps: number;
  readonly venue: RouteVenue | null;
  readonly quotes: readonly VenueQuoteView[] | null;
  readonly route: RouteView | null;
  readonly minAmountOut: string | null;
  readonly amountOut: string | null;
  readonly executedPrice: number | null;
  readonly txHash: string | null;
  readonly failure: ErrorView | null;
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OrderDetailResponse extends OrderView {
  readonly events: readonly OrderLifecycleEvent[];
}

export interface OrderListResponse {
  readonly orders: readonly OrderView[];
  /** Pass as `cursor` to get the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface FieldError {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

export interface ErrorResponse {
  readonly statusCode: number;
  readonly error: string;
  readonly code: string;
  readonly message: string;
  readonly errors?: readonly FieldError[];
}

/** `GET /api/quote`: the route an order would take now, without placing it. */
export interface QuoteResponse {
  readonly inputToken: TokenView;
  readonly outputToken: TokenView;
  readonly amountIn: string;
  readonly slippageBps: number;
  readonly quotes: readonly VenueQuoteView[];
  readonly route: RouteView;
  readonly minAmountOut: string;
  readonly quotedAt: string;
}
