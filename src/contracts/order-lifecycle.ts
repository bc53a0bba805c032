/**
 * The lifecycle of an order as clients see it: statuses, and what each
 * status event carries. Amounts are integer base units as decimal strings;
 * prices are display floats (output token per input token, UI units).
 */
export const ORDER_STATUSES = ['pending', 'waiting', 'routing', 'building', 'submitted', 'retrying', 'confirmed', 'failed', 'cancelled', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TERMINAL_STATUSES: readonly OrderStatus[] = ['confirmed', 'failed', 'cancelled', 'expired'];
export const isTerminalStatus = (status: OrderStatus): boolean => TERMINAL_STATUSES.includes(status);
/** Before any swap is on its way: a client may still cancel. */
export const CANCELLABLE_STATUSES: readonly OrderStatus[] = ['pending', 'waiting', 'retrying'];

export const ORDER_TYPES = ['market', 'limit', 'sniper'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export const ORDER_SIDES = ['buy', 'sell'] as const;
export type OrderSide = (typeof ORDER_SIDES)[number];

export type VenueId = 'raydium' | 'meteora';

export interface ErrorView {
  readonly code: string;
  readonly message: string;
}

export interface TokenView {
  readonly symbol: string;
  readonly mint: string;
  /** Null for a mint that has not launched yet (a sniper order's output): known from its launch on. */
  readonly decimals: number | null;
}

/** A venue's best pool alone for the whole amount, or why it has none. */
export type VenueQuoteView =
  | {
      readonly venue: VenueId;
      readonly ok: true;
      readonly pool: string;
      readonly amountIn: string;
      readonly amountOut: string;
      /** Effective price after fees and impact: output per input, UI units. */
      readonly price: number;
      readonly priceImpactBps: number;
      readonly feeBps: number;
      readonly feeAmount: string;
      readonly latencyMs: number;
    }
  | { readonly venue: VenueId; readonly ok: false; readonly error: ErrorView; readonly latencyMs: number };

/** A venue, or venues joined by "+" for a split route (e.g. "meteora+raydium"). */
export type RouteVenue = string;

export interface RouteLegView {
  readonly venue: VenueId;
  /** The pool it swaps through (e.g. "raydium:SOL-USDC"). */
  readonly pool: string;
  /** The token it swaps, and the one it gives (symbols). */
  readonly input: string;
  readonly output: string;
  /** Which of the route's paths it is on; a path through another token has two legs, the second swapping what the first gave. */
  readonly path: number;
  readonly amountIn: string;
  readonly amountOut: string;
  /** Part of the order's input its path swaps, in bps. */
  readonly shareBps: number;
  readonly feeAmount: string;
  readonly priceImpactBps: number;
}

/** A route the router weighed: its paths, what it gives, and how it compares. */
export interface CandidateRouteView {
  /**
   * Each path: its pools in order, the tokens it goes through, its share of the order's input, the pools' fees along
   * it (each in bps of what its hop swapped, added) and its price impact (its hops', added), both in bps.
   */
  readonly paths: readonly {
    readonly pools: readonly string[];
    readonly via: readonly string[];
    readonly shareBps: number;
    readonly feeBps: number;
    readonly priceImpactBps: number;
  }[];
  readonly swaps: number;
  readonly amountOut: string;
  /** The network fees of its swaps, in base units of the output token (`amountOut` − `netOut`). */
  readonly networkFee: string;
  /** Output after the network fees of its swaps (base units of the output token). */
  readonly netOut: string;
  /** Its price impact: each path's weighted by its share, in bps. */
  readonly priceImpactBps: number;
  /** Against the chosen route, net of fees, in bps (0 for the chosen one, negative for the others). */
  readonly vsChosenBps: number;
}

export interface RouteView {
  readonly venue: RouteVenue;
  /** One path, or the amount divided among several (each one or two swaps); every route is one transaction. */
  readonly kind: 'single' | 'split';
  /** The most swaps in a row on one path: 2 when it goes through another token. */
  readonly hops: number;
  readonly legs: readonly RouteLegView[];
  readonly amountIn: string;
  readonly amountOut: string;
  /** Output after the network fees of the route's swaps, in output base units. */
  readonly netOut: string;
  readonly price: number;
  readonly priceImpactBps: number;
  /** How much more the best venue's pool returns alone than the runner-up venue's, in bps; null with fewer than two. */
  readonly advantageBps: number | null;
  /** The pair's best pool alone for the whole amount; null when no pool takes it all. */
  readonly bestSinglePool: { readonly pool: string; readonly amountOut: string; readonly netOut: string } | null;
  /** How much more the route returns than the best single pool, net of network fees, in bps; null when it is that pool. */
  readonly gainBps: number | null;
  /** Same as `gainBps` (its earlier name). */
  readonly splitGainBps: number | null;
  /** The routes weighed, best first (at most five), and how each compares with the chosen one. */
  readonly candidates: readonly CandidateRouteView[];
  readonly reason: string;
}

export interface FillView {
  readonly venue: VenueId;
  /** The pool that filled it, and the tokens it swapped (mints); absent on swaps settled before pools were named. */
  readonly pool?: string;
  readonly inputMint?: string;
  readonly outputMint?: string;
  readonly amountIn: string;
  readonly amountOut: string;
  readonly feeAmount: string;
}

export type TxStep = 'wrapSol' | 'swap' | 'unwrapSol';

/** How a swap went out on a Solana network (CHAIN=solana): what bounds its life and what it bids. Integers as decimal strings. */
export interface SubmittedOnChain {
  /** The network it was signed for. */
  readonly genesisHash: string;
  /** The slot of the blockhash it was built on (it was sent right after). */
  readonly slot: string;
  /** Past this block height it can never land: the attempt is over, and the next one is built afresh. */
  readonly lastValidBlockHeight: string;
  readonly computeUnitLimit: number;
  /** The priority fee: micro-lamports per compute unit. */
  readonly priorityFeeMicroLamports: string;
  /** The most it can cost: base fee per signature plus the limit at the priority fee. */
  readonly maxFeeLamports: string;
}

/** What the network recorded of a swap that landed (CHAIN=solana). */
export interface ConfirmedOnChain {
  /** Null when what the network recorded could not be read in time (it landed all the same). */
  readonly slot: string | null;
  /** When its block was produced; null when the network did not say. */
  readonly blockTime: string | null;
  readonly feeLamports: string;
  /** Null when the network did not say. */
  readonly computeUnitsConsumed: string | null;
  /** The commitment it reached before `confirmed` was sent. */
  readonly commitment: 'confirmed' | 'finalized';
  /** How many times it was sent (the first send and every rebroadcast). */
  readonly sends: number;
}

/** What an order of a resting type waits for, beside its trade. */
export interface OrderTerms {
  /** Limit orders: the least output per input accepted (UI units), the decimal string as given. */
  readonly limitPrice: string | null;
  /** Sniper orders: the most input per output paid (UI units); null for no cap. */
  readonly maxPrice: string | null;
  /** The order ends `expired` if it has not started executing by then; null for good-till-cancelled. */
  readonly expiresAt: string | null;
}

export const MARKET_TERMS: OrderTerms = { limitPrice: null, maxPrice: null, expiresAt: null };

/** Why an accepted order waits in the queue before it starts, and until about when. */
export interface QueueHold {
  readonly reason: 'QUEUE_RATE_LIMIT';
  readonly message: string;
  /** An estimate from the limiter's window and the jobs ahead (retries and other processes' submits aside). */
  readonly expectedStartAt: string;
  readonly jobsAhead: number;
}

/** The queue's rate limit (QUEUE_RATE_MAX per QUEUE_RATE_WINDOW_MS, for every worker together) as it stands. */
export interface QueueLimiterView {
  readonly maxJobs: number;
  readonly windowMs: number;
  /** Jobs started in the current window. */
  readonly startedInWindow: number;
  /** Until the current window ends. */
  readonly windowLeftMs: number;
  /** Jobs queued (waiting to start). */
  readonly jobsWaiting: number;
  /** True when the window's jobs are spent: queued jobs wait for the next window. */
  readonly holding: boolean;
}

export interface StatusDetails {
  pending: {
    readonly type: OrderType;
    readonly side: OrderSide | null;
    readonly inputToken: TokenView;
    readonly outputToken: TokenView;
    readonly amountIn: string;
    readonly slippageBps: number;
    /** Set when the queue's rate limit holds the order back: why, and when it is expected to start. */
    readonly queued?: QueueHold;
  } & Partial<OrderTerms>;
  waiting: {
    /** Why the order rests: the limit is not reached, the market moved, or the pool has not launched. */
    readonly reason: string;
    readonly limitPrice: string | null;
    readonly maxPrice: string | null;
    /** The best price for the whole amount now (output per input, net of fees and impact); null without a pool. */
    readonly bestPrice: number | null;
    /** How far the best price is from the order's price, in bps (positive: still short of it); null without a pool. */
    readonly gapBps: number | null;
    readonly expiresAt: string | null;
    /** Set when its terms are met but the queue's rate limit holds its run back: why, and until about when. */
    readonly queued?: QueueHold;
  };
  routing: { readonly quotes: readonly VenueQuoteView[]; readonly route: RouteView };
  building: {
    readonly venue: RouteVenue;
    readonly legs: readonly { readonly venue: VenueId; readonly pool: string; readonly amountIn: string; readonly expectedAmountOut: string }[];
    readonly amountIn: string;
    readonly expectedAmountOut: string;
    readonly minAmountOut: string;
    readonly slippageBps: number;
    readonly steps: readonly TxStep[];
  };
  submitted: { readonly txHash: string; readonly venue: RouteVenue; readonly network?: SubmittedOnChain };
  retrying: {
    readonly error: ErrorView;
    readonly nextAttemptAt: string;
    readonly attemptsLeft: number;
  };
  confirmed: {
    readonly txHash: string;
    readonly venue: RouteVenue;
    readonly fills: readonly FillView[];
    readonly amountIn: string;
    readonly amountOut: string;
    readonly executedPrice: number;
    readonly network?: ConfirmedOnChain;
  };
  failed: { readonly error: ErrorView; readonly attempts: number };
  cancelled: { readonly reason: string };
  expired: { readonly expiresAt: string };
}

export interface LifecycleEventBase {
  readonly orderId: string;
  /** 1, 2, 3… per order: clients use it to drop duplicates and spot gaps. */
  readonly seq: number;
  readonly at: string;
  /** The execution attempt this step belongs to (0 before the first attempt). */
  readonly attempt: number;
}

export type OrderLifecycleEvent = {
  [S in OrderStatus]: LifecycleEventBase & { readonly status: S } & StatusDetails[S];
}[OrderStatus];

/** A status change before it is stored: the store assigns `seq` and `at`. */
export type StatusChange = {
  [S in OrderStatus]: { readonly status: S; readonly attempt: number; readonly details: StatusDetails[S] };
}[OrderStatus];
