import type { ErrorView, RouteView, VenueId, VenueQuoteView } from '../contracts/order-lifecycle.js';
import type { QuoteRequest, VenueQuote } from './quote-provider.js';
import { advantageBps } from './price-math.js';

export type VenueOutcome =
  | { readonly venue: VenueId; readonly ok: true; readonly quote: VenueQuote; readonly latencyMs: number }
  | { readonly venue: VenueId; readonly ok: false; readonly error: ErrorView; readonly latencyMs: number };

export interface RoutingDecision {
  readonly request: QuoteRequest;
  readonly outcomes: readonly VenueOutcome[];
  readonly best: VenueQuote;
  /** Advantage of the best venue over the runner-up in bps; null when only one venue answered. */
  readonly advantageBps: number | null;
  readonly reason: string;
}

/**
 * Picks the venue with the largest net output (after fees). Returns undefined
 * when no venue answered. Ties go to the venue listed first.
 */
export function chooseBestRoute(request: QuoteRequest, outcomes: readonly VenueOutcome[]): RoutingDecision | undefined {
  const answered = outcomes
    .filter((o): o is Extract<VenueOutcome, { ok: true }> => o.ok)
    .map((o) => o.quote)
    .sort((a, b) => (b.amountOut > a.amountOut ? 1 : b.amountOut < a.amountOut ? -1 : 0));
  const [best, runnerUp] = answered;
  if (!best) return undefined;
  const advantage = runnerUp ? advantageBps(best.amountOut, runnerUp.amountOut) : null;
  return { request, outcomes, best, advantageBps: advantage, reason: explain(request, best, runnerUp, advantage, outcomes) };
}

function explain(
  request: QuoteRequest,
  best: VenueQuote,
  runnerUp: VenueQuote | undefined,
  advantage: number | null,
  outcomes: readonly VenueOutcome[],
): string {
  if (runnerUp) {
    return `${best.venue} returns ${advantage} bps more ${request.output.symbol} than ${runnerUp.venue} after fees`;
  }
  const failed = outcomes.filter((o) => !o.ok).map((o) => `${o.venue}: ${(o as { error: ErrorView }).error.message}`);
  return failed.length > 0
    ? `${best.venue} is the only venue that answered (${failed.join('; ')})`
    : `${best.venue} is the only venue that lists ${request.input.symbol}/${request.output.symbol}`;
}

export function toQuoteViews(outcomes: readonly VenueOutcome[]): VenueQuoteView[] {
  return outcomes.map((o) =>
    o.ok
      ? {
          venue: o.venue,
          ok: true,
          amountIn: o.quote.amountIn.toString(),
          amountOut: o.quote.amountOut.toString(),
          price: o.quote.price,
          feeBps: o.quote.feeBps,
          feeAmount: o.quote.feeAmount.toString(),
          latencyMs: o.latencyMs,
        }
      : { venue: o.venue, ok: false, error: o.error, latencyMs: o.latencyMs },
  );
}

export function toRouteView(decision: RoutingDecision): RouteView {
  return {
    venue: decision.best.venue,
    amountIn: decision.best.amountIn.toString(),
    amountOut: decision.best.amountOut.toString(),
    price: decision.best.price,
    advantageBps: decision.advantageBps,
    reason: decision.reason,
  };
}
