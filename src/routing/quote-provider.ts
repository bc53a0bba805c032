import type { VenueId } from '../contracts/order-lifecycle.js';
import type { Token } from '../tokens/token.js';

export interface QuoteRequest {
  readonly input: Token;
  readonly output: Token;
  /** Base units of `input`. */
  readonly amountIn: bigint;
}

/** What a venue gives for `amountIn`, net of its fee. Also the shape of an executed fill. */
export interface VenueQuote {
  readonly venue: VenueId;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  /** Fee charged by the venue, in base units of the input token. */
  readonly feeAmount: bigint;
  readonly feeBps: number;
  /** Display price: output per input in UI units, after fees. */
  readonly price: number;
}

/**
 * A venue the router can ask for quotes and the settlement can execute on.
 * Every provider is registered under `QUOTE_PROVIDERS`.
 */
export abstract class QuoteProvider {
  abstract readonly venue: VenueId;

  abstract supports(input: Token, output: Token): boolean;

  /** Quotes over the network; must honour `signal` so a timed-out quote stops. */
  abstract quote(request: QuoteRequest, signal: AbortSignal): Promise<VenueQuote>;

  /** Executes against the venue's state at this instant (settlement time). */
  abstract execute(request: QuoteRequest): VenueQuote;
}

export const QUOTE_PROVIDERS = Symbol('QUOTE_PROVIDERS');
