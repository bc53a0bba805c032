import type { CandidateRouteView, ErrorView, RouteView, VenueId, VenueQuoteView } from '../contracts/order-lifecycle.js';
import { displayPrice } from '../tokens/display-price.js';
import type { Token } from '../tokens/token.js';
import { advantageBps, BPS } from './price-math.js';
import type { QuoteRequest, VenuePool, VenueQuote } from './quote-provider.js';
import type { RouteSearch, SearchedRoute } from './route-search/route-search.js';
import { descending } from './route-search/descending.js';

export type VenueOutcome =
  | { readonly venue: VenueId; readonly ok: true; readonly quote: VenueQuote; readonly latencyMs: number }
  | { readonly venue: VenueId; readonly ok: false; readonly error: ErrorView; readonly latencyMs: number };

/** One swap of a route: `amountIn` of `input` through one pool for `output`. */
export interface RouteLeg {
  readonly venue: VenueId;
  readonly pool: string;
  readonly input: Token;
  readonly output: Token;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly feeAmount: bigint;
  readonly priceImpactBps: number;
  /** Which of the route's paths it is on: paths side by side share the order's amount. */
  readonly path: number;
  /** Whether it swaps what the leg before it gave (the second hop of a path through another token). */
  readonly chained: boolean;
}

/** How an order is filled, in one transaction: its legs, what they take and give. */
export interface Route {
  readonly legs: readonly RouteLeg[];
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  /** Output after the network fees of its swaps, in output base units: what routes are compared on. */
  readonly netOut: bigint;
}

export interface RoutingDecision {
  readonly request: QuoteRequest;
  /** Each venue's best pool alone for the whole amount, or why it has none. */
  readonly outcomes: readonly VenueOutcome[];
  readonly route: Route;
  /** The pair's best pool alone; undefined when no one pool takes the whole amount. */
  readonly bestSinglePool: Route | undefined;
  /** Best venue over the runner-up, in bps; null when fewer than two venues quote the pair alone. */
  readonly advantageBps: number | null;
  /** The route over the best single pool, net of fees, in bps; null when the route is that pool, or there is none. */
  readonly gainBps: number | null;
  /** The routes weighed, best first: the chosen one, then at most four more. */
  readonly candidates: readonly Route[];
  readonly reason: string;
}

const SHOWN_CANDIDATES = 5;

/** The route the search chose, with what it was weighed against and why it won. */
export function decide(request: QuoteRequest, search: RouteSearch, pools: ReadonlyMap<string, VenuePool>, outcomes: readonly VenueOutcome[]): RoutingDecision {
  const route = toRoute(search.chosen, pools);
  const bestSinglePool = search.bestSinglePool && toRoute(search.bestSinglePool, pools);
  const quoted = outcomes.flatMap((o) => (o.ok ? [o.quote] : [])).sort((a, b) => descending(a.amountOut, b.amountOut));
  const gainBps = bestSinglePool && !isSinglePool(route, bestSinglePool) ? advantageBps(route.netOut, bestSinglePool.netOut) : null;
  const candidates = search.candidates.slice(0, SHOWN_CANDIDATES).map((candidate) => toRoute(candidate, pools));
  return {
    request,
    outcomes,
    route,
    bestSinglePool,
    advantageBps: quoted.length > 1 ? advantageBps(quoted[0].amountOut, quoted[1].amountOut) : null,
    gainBps,
    candidates,
    reason: explain(request, route, bestSinglePool, gainBps, search.candidates.length),
  };
}

const isSinglePool = (route: Route, single: Route): boolean => route.legs.length === 1 && route.legs[0].pool === single.legs[0].pool;

/** A searched route as legs: each path's hops in order, the tokens each swaps named. */
export function toRoute(searched: SearchedRoute, pools: ReadonlyMap<string, VenuePool>): Route {
  const legs = searched.paths.flatMap(({ fill }, path) =>
    fill.hops.map((hop, i): RouteLeg => {
      const tokens = pools.get(hop.pool.id)!.tokens;
      const [input, output] = tokens[0].mint === hop.inputMint ? tokens : [tokens[1], tokens[0]];
      const { amountIn, amountOut, feeAmount, priceImpactBps } = hop;
      return { venue: hop.pool.venue, pool: hop.pool.id, input, output, amountIn, amountOut, feeAmount, priceImpactBps, path, chained: i > 0 };
    }),
  );
  const amountIn = searched.paths.reduce((sum, { fill }) => sum + fill.amountIn, 0n);
  return { legs, amountIn, amountOut: searched.amountOut, netOut: searched.netOut };
}

/** The route's venues, each once, in the order its legs use them ("raydium", or "meteora+raydium"). */
export const routeVenue = (route: Route): string => [...new Set(route.legs.map((leg) => leg.venue))].join('+');

/** The swaps a route's paths make: the first leg of each path, and the one after it when it goes through another token. */
export function routePaths(route: Route): RouteLeg[][] {
  const paths: RouteLeg[][] = [];
  for (const leg of route.legs) (paths[leg.path] ??= []).push(leg);
  return paths;
}

const percent = (part: bigint, whole: bigint): number => Number((part * BPS) / whole) / 100;

/** A path as a trader reads it: its pool, or "via USDC (pool > pool)". */
function describePath(path: readonly RouteLeg[]): string {
  const pools = path.map((leg) => leg.pool).join(' > ');
  // A path has one or two hops (ROUTING_MAX_HOPS): the token between is what its second hop swaps.
  return path.length === 1 ? pools : `via ${path[1].input.symbol} (${pools})`;
}

function describe(route: Route): string {
  const paths = routePaths(route);
  if (paths.length === 1) return describePath(paths[0]);
  return `split ${paths.map((path) => `${percent(path[0].amountIn, route.amountIn)}% ${describePath(path)}`).join(' / ')}`;
}

function explain(request: QuoteRequest, route: Route, single: Route | undefined, gainBps: number | null, weighed: number): string {
  const symbol = request.output.symbol;
  const routes = `${weighed} route${weighed === 1 ? '' : 's'} weighed`;
  if (!single) return `${describe(route)}: no single pool of ${request.input.symbol}/${symbol} takes the whole amount (${routes})`;
  if (gainBps === null) return `${describe(route)} alone returns the most ${symbol}: no split or path through another token gives more net of fees (${routes})`;
  return `${describe(route)} returns ${gainBps} bps more ${symbol} than ${single.legs[0].pool} alone, net of fees and price impact (${routes})`;
}

export function toQuoteViews(outcomes: readonly VenueOutcome[]): VenueQuoteView[] {
  return outcomes.map((o) =>
    o.ok
      ? {
          venue: o.venue,
          ok: true,
          pool: o.quote.pool,
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

/** What a leg's pool charged, in bps of what it swapped (to a hundredth). */
const feeBps = (leg: RouteLeg): number => Number((leg.feeAmount * BPS * 100n) / leg.amountIn) / 100;

/** Each path's share of the order's input, in bps. */
const pathShares = (route: Route): number[] => routePaths(route).map((path) => Number((path[0].amountIn * BPS) / route.amountIn));

function toCandidateView(candidate: Route, chosen: Route): CandidateRouteView {
  const shares = pathShares(candidate);
  return {
    paths: routePaths(candidate).map((path, i) => ({
      pools: path.map((leg) => leg.pool),
      via: path.slice(1).map((leg) => leg.input.symbol),
      shareBps: shares[i],
      feeBps: path.reduce((bps, leg) => bps + feeBps(leg), 0),
      priceImpactBps: path.reduce((bps, leg) => bps + leg.priceImpactBps, 0),
    })),
    swaps: candidate.legs.length,
    amountOut: `${candidate.amountOut}`,
    networkFee: `${candidate.amountOut - candidate.netOut}`,
    netOut: `${candidate.netOut}`,
    priceImpactBps: routeImpactBps(candidate),
    vsChosenBps: advantageBps(candidate.netOut, chosen.netOut),
  };
}

/**
 * The route's price impact in bps: each path's (its hops' added) weighted by the part of the order's input it swaps.
 * A second hop's amounts are in the token between, so only a path's first leg weighs it.
 */
function routeImpactBps(route: Route): number {
  const weighted = routePaths(route).reduce((sum, path) => sum + path.reduce((bps, leg) => bps + leg.priceImpactBps, 0) * Number(path[0].amountIn), 0);
  return Math.round((weighted / Number(route.amountIn)) * 100) / 100;
}

export function toRouteView(decision: RoutingDecision): RouteView {
  const { route, request, bestSinglePool } = decision;
  const shares = pathShares(route);
  const firstLegs = route.legs.filter((leg) => !leg.chained);
  return {
    venue: routeVenue(route),
    kind: firstLegs.length > 1 ? 'split' : 'single',
    hops: Math.max(...routePaths(route).map((path) => path.length)),
    legs: route.legs.map((leg) => ({
      venue: leg.venue,
      pool: leg.pool,
      input: leg.input.symbol,
      output: leg.output.symbol,
      path: leg.path,
      amountIn: `${leg.amountIn}`,
      amountOut: `${leg.amountOut}`,
      shareBps: shares[leg.path],
      feeAmount: `${leg.feeAmount}`,
      priceImpactBps: leg.priceImpactBps,
    })),
    amountIn: `${route.amountIn}`,
    amountOut: `${route.amountOut}`,
    netOut: `${route.netOut}`,
    price: displayPrice(route.amountIn, route.amountOut, request.input.decimals, request.output.decimals),
    priceImpactBps: routeImpactBps(route),
    advantageBps: decision.advantageBps,
    bestSinglePool: bestSinglePool ? { pool: bestSinglePool.legs[0].pool, amountOut: `${bestSinglePool.amountOut}`, netOut: `${bestSinglePool.netOut}` } : null,
    gainBps: decision.gainBps,
    splitGainBps: decision.gainBps,
    candidates: decision.candidates.map((candidate) => toCandidateView(candidate, route)),
    reason: decision.reason,
  };
}
