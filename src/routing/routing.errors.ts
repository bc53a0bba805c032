import { DomainError } from '../common/errors/domain.error.js';
import type { VenueQuoteView } from '../contracts/order-lifecycle.js';

/** No venue lists the pair: no retry can help. */
export class NoRouteError extends DomainError {
  readonly code = 'NO_ROUTE';

  constructor(pair: string) {
    super(`No venue trades ${pair}`);
  }
}

/** Every venue that lists the pair failed, timed out or could not fill: worth another attempt. */
export class AllVenuesFailedError extends DomainError {
  readonly code = 'ALL_VENUES_FAILED';
  override readonly retryable = true;
  override readonly dependencyDown = true;

  constructor(readonly quotes: readonly VenueQuoteView[]) {
    super(`No venue returned a quote (${quotes.map((q) => (q.ok ? q.venue : `${q.venue}: ${q.error.message}`)).join('; ')})`);
  }
}

export class QuoteTimeoutError extends DomainError {
  readonly code = 'QUOTE_TIMEOUT';
  override readonly retryable = true;

  constructor(timeoutMs: number) {
    super(`no quote within ${timeoutMs} ms`);
  }
}
