import type { ErrorView, RouteView, VenueId, VenueQuoteView } from '../contracts/order-lifecycle.js';
import { displayPrice } from '../tokens/display-price.js';
import { advantageBps, BPS } from './price-math.js';
import type { PricedQuote, QuoteRequest } from './quote-provider.js';
import { bestSplit, singleRoute, type Route } from './route-optimizer.js';

export type VenueOutcome =
  | { readonly venue: VenueId; readonly ok: true; readonly quote: PricedQuote; readonly latencyMs: number }
  | { readonly venue: VenueId; readonly ok: false; readonly error: ErrorView; readonly latencyMs: number };

export interface RoutingDecision {
  readonly request: QuoteRequest;
  readonly outcomes: readonly VenueOutcome[];
  readonly route: Route;
  /** The venue that gives the most on its own. */
  readonly bestSingle: PricedQuote;
  /** Best single venue over the runner-up, in bps; null when only one venue answered. */
  readonly advantageBps: number | null;
  /** Split route over the best single venue, in bps; null when the route is a single venue. */
  readonly splitGainBps: number | null;
  readonly reason: string;
}

/**
 * The route with the largest net output: the best single venue, or a split
 * across the two best when that returns more. Undefined when no venue answered.
 */
export function chooseRoute(request: QuoteRequest, outcomes: readonly VenueOutcome[]): RoutingDecision | undefined {
  const answered = outcomes
    .filter((o): o is Extract<VenueOutcome, { ok: true }> => o.ok)
    .map((o) => o.quote)
    .sort((a, b) => (b.amountOut > a.amountOut ? 1 : b.amountOut < a.amountOut ? -1 : 0));
  const [best, runnerUp] = answered;
  if (!best) return undefined;
  const split = runnerUp ? bestSplit(request.amountIn, best, runnerUp) : undefined;
  const route = split ?? singleRoute(best);
  const advantage = runnerUp ? advantageBps(best.amountOut, runnerUp.amountOut) : null;
  const splitGain = split ? advantageBps(split.amountOut, best.amountOut) : null;
  return {
    request,
    outcomes,
    route,
    bestSingle: best,
    advantageBps: advantage,
    splitGainBps: splitGain,
    reason: explain(request, route, best, runnerUp, advantage, splitGain, outcomes),
  };
}

export const routeVenue = (route: Route): string => route.legs.map((leg) => leg.venue).join('+');

function explain(
  request: QuoteRequest,
  route: Route,
  best: PricedQuote,
  runnerUp: PricedQuote | undefined,
  advantage: number | null,
  splitGain: number | null,
  outcomes: readonly VenueOutcome[],
): string {
  const symbol = request.output.symbol;
  if (splitGain !== null) {
    const shares = route.legs.map((leg) => `${percent(leg.amountIn, route.amountIn)}% ${leg.venue}`).join(' / ');
    return `split ${shares} returns ${splitGain} bps more ${symbol} than ${best.venue} alone`;
  }
  if (runnerUp) return `${best.venue} returns ${advantage} bps more ${symbol} than ${runnerUp.venue} after fees and price impact`;
  const failed = outcomes.filter((o) => !o.ok).map((o) => `${o.venue}: ${(o as { error: ErrorView }).error.message}`);
  return failed.length > 0
    ? `${best.venue} is the only venue that answered (${failed.join('; ')})`
    : `${best.venue} is the only venue that lists ${request.input.symbol}/${symbol}`;
}

const percent = (part: bigint, whole: bigint): number => Number((part * BPS) / whole) / 100;

export function toQuoteViews(outcomes: readonly VenueOutcome[]): VenueQuoteView[] {
  return outcomes.map((o) =>
    o.ok
      ? {
          venue: o.venue,
          ok: true,
          amountIn: `${o.quote.amountIn}`,
          amountOut: `${o.quote.amountOut}`,
          price: o.quote.price,
          priceImpactBps: o.quote.priceImpactBps,
          feeBps: o.quote.feeBps,
          feeAmount: `${o.quote.feeAmount}`,
          latencyMs: o.latencyMs,
        }
      : { venue: o.venue, ok: false, error: o.error, latencyMs: o.latencyMs },
  );
}

export function toRouteView(decision: RoutingDecision): RouteView {
  const { route, request } = decision;
  const impact = route.legs.reduce((sum, leg) => sum + leg.priceImpactBps * Number(leg.amountIn), 0) / Number(route.amountIn);
  return {
    venue: routeVenue(route),
    kind: route.legs.length > 1 ? 'split' : 'single',
    legs: route.legs.map((leg) => ({
      venue: leg.venue,
      amountIn: `${leg.amountIn}`,
      amountOut: `${leg.amountOut}`,
      shareBps: Number((leg.amountIn * BPS) / route.amountIn),
      feeAmount: `${leg.feeAmount}`,
      priceImpactBps: leg.priceImpactBps,
    })),
    amountIn: `${route.amountIn}`,
    amountOut: `${route.amountOut}`,
    price: displayPrice(route.amountIn, route.amountOut, request.input.decimals, request.output.decimals),
    priceImpactBps: Math.round(impact * 100) / 100,
    advantageBps: decision.advantageBps,
    splitGainBps: decision.splitGainBps,
    reason: decision.reason,
  };
}
