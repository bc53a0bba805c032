import type { VenueId } from '../contracts/order-lifecycle.js';
import type { Token } from '../tokens/token.js';

export interface QuoteRequest {
  readonly input: Token;
  readonly output: Token;
  /** Base units of `input`. */
  readonly amountIn: bigint;
}

/** What a venue gives for `amountIn`, net of its fee and price impact. */
export interface VenueQuote {
  readonly venue: VenueId;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  /** Fee charged by the venue, in base units of the input token. */
  readonly feeAmount: bigint;
  /** The fee as charged, in bps of the input (a DLMM fee grows with volatility). */
  readonly feeBps: number;
  /** How far the output falls short of the pre-trade spot price, fees aside, in bps. */
  readonly priceImpactBps: number;
  /** Effective price: output per input in UI units, after fees and impact (display only). */
  readonly price: number;
}

/** A quote together with the same pool snapshot's answer for other sizes (for split routes). */
export interface PricedQuote extends VenueQuote {
  /**
   * The same snapshot's quote for another size. When the venue cannot fill it
   * all, the quote's `amountIn` is the part it can take, and its output that part's.
   */
  quoteFor(amountIn: bigint): VenueQuote;
}

/**
 * A venue the router can ask for quotes. Every provider is registered under
 * `QUOTE_PROVIDERS`; the router depends on this contract only.
 */
export abstract class QuoteProvider {
  abstract readonly venue: VenueId;

  abstract supports(input: Token, output: Token): boolean;

  /** Quotes over the network; must honour `signal` so a timed-out quote stops. */
  abstract quote(request: QuoteRequest, signal: AbortSignal): Promise<PricedQuote>;

  /**
   * The pair's pool as this process sees it now, quoting any size: what a
   * market watcher reads (pool accounts are streamed, no request per quote).
   */
  abstract watch(input: Token, output: Token): Promise<(amountIn: bigint) => VenueQuote>;

  /** Calls `listener` when the venue's pools change (a venue that cannot tell never calls it). Returns the unsubscribe. */
  onChange(_listener: () => void): () => void {
    return () => undefined;
  }
}

export const QUOTE_PROVIDERS = Symbol('QUOTE_PROVIDERS');
