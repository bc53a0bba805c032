import type { VenueId } from '../contracts/order-lifecycle.js';
import type { Token } from '../tokens/token.js';
import type { RoutablePool } from './route-search/routable-pool.js';

export interface QuoteRequest {
  readonly input: Token;
  readonly output: Token;
  /** Base units of `input`. */
  readonly amountIn: bigint;
}

/** What one pool gives for `amountIn`, net of its fee and price impact. */
export interface VenueQuote {
  readonly venue: VenueId;
  /** The pool that quoted. */
  readonly pool: string;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  /** Fee charged by the pool, in base units of the input token. */
  readonly feeAmount: bigint;
  /** The fee as charged, in bps of the input (a DLMM fee grows with volatility). */
  readonly feeBps: number;
  /** How far the output falls short of the pre-trade spot price, fees aside, in bps. */
  readonly priceImpactBps: number;
  /** Effective price: output per input in UI units, after fees and impact (display only). */
  readonly price: number;
}

/** One of a venue's pools as it is now: the route search's view of it, and its two tokens. */
export interface VenuePool extends RoutablePool {
  readonly tokens: readonly [Token, Token];
}

/**
 * A venue the router reads pools from. Every provider is registered under `QUOTE_PROVIDERS`; the router depends on
 * this contract only.
 */
export abstract class QuoteProvider {
  abstract readonly venue: VenueId;

  /**
   * Every pool the venue lists, as this process sees them now (pool accounts are streamed: reading them is local),
   * each quoting any size either way. Must honour `signal` so a timed-out read stops.
   */
  abstract pools(signal: AbortSignal): Promise<readonly VenuePool[]>;

  /** Calls `listener` when the venue's pools change (a venue that cannot tell never calls it). Returns the unsubscribe. */
  onChange(_listener: () => void): () => void {
    return () => undefined;
  }
}

export const QUOTE_PROVIDERS = Symbol('QUOTE_PROVIDERS');
