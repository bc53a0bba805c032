import type {
  ErrorView,
  OrderLifecycleEvent,
  OrderSide,
  OrderStatus,
  OrderTerms,
  OrderType,
  QueueLimiterView,
  RouteView,
  TokenView,
  RouteVenue,
  VenueId,
  VenueQuoteView,
} from './order-lifecycle.js';

export interface OrderAcceptedResponse {
  /** "Order received", or "Order already received (same client order id)" for a repeat of an idempotent submit. */
  readonly message: string;
  readonly orderId: string;
  /** `pending` for a new order; a repeat answers the order's status now. */
  readonly status: OrderStatus;
  readonly wsUrl: string;
}

export interface OrderView extends OrderTerms {
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
  /** ORDER_NOT_CANCELLABLE: the status the order is in. */
  readonly orderStatus?: OrderStatus;
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

/** `GET /api/stats`: the engine at a glance. */
export interface StatsResponse {
  /** Execution jobs by state; null while Redis does not answer (the rest comes from PostgreSQL). */
  readonly queue: Readonly<Record<string, number>> | null;
  /** The queue's rate limit as it stands (jobs held back when `holding`); null while Redis does not answer. */
  readonly limiter: QueueLimiterView | null;
  readonly orders: Partial<Record<OrderStatus, number>>;
  /** Orders confirmed / failed in the last 60 s. */
  readonly lastMinute: { readonly confirmed: number; readonly failed: number };
  readonly at: string;
}

/** `GET /api/chain`: the network orders settle on. */
export interface ChainResponse {
  /** `solana`: a Solana cluster; `paper`: the simulated chain in Redis (every other field null). */
  readonly mode: 'solana' | 'paper';
  /** `mainnet-beta`, `devnet`, `testnet` (by genesis hash), `localnet` (a network on the engine's machine), `custom`, or `paper`. */
  readonly cluster: string;
  readonly rpcUrl: string | null;
  readonly wsUrl: string | null;
  readonly genesisHash: string | null;
  /** Integers as decimal strings (u64). */
  readonly slot: string | null;
  readonly blockHeight: string | null;
  readonly commitment: 'confirmed' | 'finalized' | null;
}

/** `GET /api/wallet`: the caller's custodial wallet. */
export interface WalletResponse {
  /** The API key it belongs to; null for the one wallet of an engine that runs open. */
  readonly owner: string | null;
  readonly address: string;
  /** `mint` is the registry's (what orders name); `networkMint` the one this network holds it at (a local network has its own). */
  readonly balances: readonly {
    readonly symbol: string;
    readonly mint: string;
    readonly networkMint: string;
    readonly decimals: number;
    readonly amount: string;
    /**
     * Base units of it the wallet's orders in flight will spend (committed before they are signed, until they land,
     * fail or expire): for SOL, each order's amount in SOL and its reserve for fees and rent.
     */
    readonly committed: string;
  }[];
}

/** `GET /api/prices?pair=SOL-USDC`: each venue's price (output per input, UI units) over recent minutes. */
export interface PriceHistoryResponse {
  readonly pair: string;
  readonly intervalMs: number;
  /**
   * `prices`: each venue's best price for 1 unit (fees included); `pools`: every pool of the pair's price for 1 unit
   * (fees included), by pool id; `fair`: the market's fair price, the one arbitrage pulls them to.
   */
  readonly points: readonly {
    readonly at: string;
    readonly prices: Partial<Record<VenueId, number>>;
    readonly pools?: Readonly<Record<string, number>>;
    readonly fair?: number;
  }[];
}

/** `POST /api/simulation/launches`: a token launched on the simulated market, with its first pool. */
export interface TokenLaunchResponse {
  readonly token: TokenView & { readonly decimals: number };
  readonly venue: VenueId;
  readonly poolId: string;
  /** The token the pool pairs it with. */
  readonly quoteToken: TokenView;
  readonly priceUsd: number;
  readonly liquidityUsd: number;
  readonly launchedAt: string;
}

/** `POST /api/auth/ws-ticket`. */
export interface WsTicketResponse {
  readonly ticket: string;
  readonly expiresInSeconds: number;
}
