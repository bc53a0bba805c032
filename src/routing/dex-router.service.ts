import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EngineMetrics } from '../metrics/engine-metrics.service.js';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors/domain.error.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import { displayPrice } from '../tokens/display-price.js';
import type { Token } from '../tokens/token.js';
import { QUOTE_PROVIDERS, type QuoteProvider, type QuoteRequest, type VenuePool, type VenueQuote } from './quote-provider.js';
import { descending } from './route-search/descending.js';
import { candidatePaths, quotePath } from './route-search/route-path.js';
import { DEFAULT_SEARCH_LIMITS, searchRoute, type SearchLimits } from './route-search/route-search.js';
import { AllVenuesFailedError, NoRouteError, QuoteTimeoutError } from './routing.errors.js';
import { decide, routeVenue, toQuoteViews, type RoutingDecision, type VenueOutcome } from './routing-decision.js';

/** The pair's market at one moment. */
export interface MarketSnapshot {
  /** The best route's price for a small amount (output per input, UI units, net of fees): no order of any size gets more. */
  readonly spotPrice: number;
  /** The most one pool of the pair alone gives for all of `amountIn` (0 when none fills it): no route gives less. */
  bestSingleOut(amountIn: bigint): bigint;
  /** The best route for `amountIn` on this snapshot; undefined when no route can fill it. */
  route(amountIn: bigint): RoutingDecision | undefined;
}

/** Every venue's pools at one moment, or why a venue has none. */
interface MarketRead {
  readonly venues: readonly ({ readonly venue: VenueId; readonly latencyMs: number } & (
    { readonly ok: true; readonly pools: readonly VenuePool[] } | { readonly ok: false; readonly error: { code: string; message: string } }
  ))[];
  readonly pools: ReadonlyMap<string, VenuePool>;
}

const byOutput = (a: VenueQuote, b: VenueQuote): number => descending(a.amountOut, b.amountOut);

/**
 * Routes an order over every venue's pools: reads them all in parallel (a venue that fails or is slow is left out),
 * then searches the pool graph for the route with the best net output (`searchRoute`).
 */
@Injectable()
export class DexRouter {
  private readonly logger = new Logger(DexRouter.name);
  private readonly timeoutMs: number;
  private readonly limits: SearchLimits;
  private readonly swapCostLamports: bigint;

  constructor(
    @Inject(QUOTE_PROVIDERS) private readonly providers: readonly QuoteProvider[],
    config: AppConfig,
    @Optional() private readonly metrics?: EngineMetrics,
  ) {
    const { quoteTimeoutMs, maxHops, maxSwaps, poolsPerHop, swapCostLamports } = config.routing;
    this.timeoutMs = quoteTimeoutMs;
    this.limits = { ...DEFAULT_SEARCH_LIMITS, maxHops, maxSwaps, poolsPerHop };
    this.swapCostLamports = swapCostLamports;
  }

  async route(request: QuoteRequest, context: Record<string, unknown> = {}): Promise<RoutingDecision> {
    const market = await this.read();
    const decision = this.decide(market, request);
    if (!decision) throw this.noRoute(market, request);
    if (!context.quiet) this.logDecision(decision, context);
    return decision;
  }

  /** The order through one named pool alone (what the market's own traders trade). */
  async throughPool(request: QuoteRequest, poolId: string): Promise<RoutingDecision> {
    const market = await this.read();
    const pool = market.pools.get(poolId);
    if (!pool) throw new NoRouteError(`${request.input.symbol}/${request.output.symbol} on ${poolId}`);
    const path = { pools: [pool], mints: [request.input.mint, request.output.mint] };
    const fill = quotePath(path, request.amountIn);
    if (!fill.filled) throw new AllVenuesFailedError(toQuoteViews(this.venueOutcomes(market, request)));
    const searched = {
      paths: [{ path, fill }],
      amountOut: fill.amountOut,
      swaps: 1,
      netOut: fill.amountOut,
    };
    return decide(request, { chosen: searched, bestSinglePool: searched, candidates: [searched] }, market.pools, this.venueOutcomes(market, request));
  }

  /**
   * The pair's pools as this process sees them now: routes any size without reading again (what a trigger checking
   * many resting orders needs). Undefined when no route joins the pair.
   */
  async snapshot(input: Token, output: Token): Promise<MarketSnapshot | undefined> {
    const market = await this.read();
    const pools = [...market.pools.values()];
    if (candidatePaths(pools, input.mint, output.mint, 1n, this.limits).length === 0) return undefined;
    const probe = 10n ** BigInt(Math.max(0, input.decimals - 3));
    // A snapshot never changes: resting orders of the same size (round sizes are common) share one answer.
    const routes = new Map<bigint, RoutingDecision | undefined>();
    const route = (amountIn: bigint) => {
      if (!routes.has(amountIn)) routes.set(amountIn, this.decide(market, { input, output, amountIn }));
      return routes.get(amountIn);
    };
    const singles = new Map<bigint, bigint>();
    const probed = route(probe)?.route;
    return {
      spotPrice: probed ? displayPrice(probed.amountIn, probed.amountOut, input.decimals, output.decimals) : 0,
      bestSingleOut: (amountIn) => {
        // Stryker disable next-line ConditionalExpression: working it out again gives the same (only slower).
        if (!singles.has(amountIn)) singles.set(amountIn, this.directQuotes(market, { input, output, amountIn }).sort(byOutput)[0]?.amountOut ?? 0n);
        return singles.get(amountIn)!;
      },
      route,
    };
  }

  /** Calls `listener` when any venue's pools change. Returns the unsubscribe. */
  onMarketChange(listener: () => void): () => void {
    const stops = this.providers.map((provider) => provider.onChange(listener));
    return () => stops.forEach((stop) => stop());
  }

  /** Each venue's best pool of the pair alone for the whole amount, or why it has none; no route is chosen. */
  async venueQuotes(request: QuoteRequest): Promise<VenueOutcome[]> {
    return this.venueOutcomes(await this.read(), request);
  }

  /** Every pool of the pair alone for the whole amount, best first (what the price chart plots); no route is chosen. */
  async poolQuotes(request: QuoteRequest): Promise<VenueQuote[]> {
    return this.directQuotes(await this.read(), request).sort(byOutput);
  }

  private decide(market: MarketRead, request: QuoteRequest): RoutingDecision | undefined {
    const pools = [...market.pools.values()];
    const swapCost = this.swapCostIn(pools, request.output);
    const search = searchRoute(pools, { from: request.input.mint, to: request.output.mint, amountIn: request.amountIn, swapCost }, this.limits);
    return search && decide(request, search, market.pools, this.venueOutcomes(market, request));
  }

  /** Why no route: nothing joins the pair (no retry helps), or venues failed or could not fill it (worth another try). */
  private noRoute(market: MarketRead, request: QuoteRequest): DomainError {
    const pair = `${request.input.symbol}/${request.output.symbol}`;
    const joined = candidatePaths([...market.pools.values()], request.input.mint, request.output.mint, 1n, this.limits).length > 0;
    if (!joined && market.venues.every((venue) => venue.ok)) return new NoRouteError(pair);
    return new AllVenuesFailedError(toQuoteViews(this.venueOutcomes(market, request)));
  }

  /** The network fees of one more swap, in the output token: priced by the best pool of SOL against it (0 without one). */
  private swapCostIn(pools: readonly VenuePool[], output: Token): bigint {
    if (output.native) return this.swapCostLamports;
    const sol = pools.flatMap((pool) => pool.tokens).find((token) => token.native);
    if (!sol) return 0n;
    const outs = this.directPools(pools, sol, output).map((pool) => pool.quote(sol.mint, this.swapCostLamports).amountOut);
    return outs.sort(descending)[0] ?? 0n;
  }

  private directPools(pools: readonly VenuePool[], input: Token, output: Token): VenuePool[] {
    return pools.filter((pool) => pool.mints.includes(input.mint) && pool.mints.includes(output.mint));
  }

  /** Every pool of the pair alone for the whole amount, as quotes (those that cannot take it all left out). */
  private directQuotes(market: MarketRead, request: QuoteRequest): VenueQuote[] {
    return this.directPools([...market.pools.values()], request.input, request.output).flatMap((pool) => {
      const { amountIn, amountOut, feeAmount, priceImpactBps } = pool.quote(request.input.mint, request.amountIn);
      // A pool that takes the whole (positive) amount took some: the fee rate is defined.
      if (amountIn < request.amountIn) return [];
      const feeBps = Number((feeAmount * 1_000_000n) / amountIn) / 100;
      const price = displayPrice(amountIn, amountOut, request.input.decimals, request.output.decimals);
      return [{ venue: pool.venue, pool: pool.id, amountIn, amountOut, feeAmount, feeBps, priceImpactBps, price }];
    });
  }

  private venueOutcomes(market: MarketRead, request: QuoteRequest): VenueOutcome[] {
    const quotes = this.directQuotes(market, request).sort(byOutput);
    return market.venues.flatMap((venue): VenueOutcome[] => {
      if (!venue.ok) return [{ venue: venue.venue, ok: false, error: venue.error, latencyMs: venue.latencyMs }];
      const best = quotes.find((quote) => quote.venue === venue.venue);
      if (best) return [{ venue: venue.venue, ok: true, quote: best, latencyMs: venue.latencyMs }];
      if (this.directPools(venue.pools, request.input, request.output).length === 0) return [];
      const error = {
        code: 'INSUFFICIENT_LIQUIDITY',
        message: `no ${venue.venue} pool of ${request.input.symbol}/${request.output.symbol} takes ${request.amountIn} base units alone`,
      };
      return [{ venue: venue.venue, ok: false, error, latencyMs: venue.latencyMs }];
    });
  }

  /** Every venue's pools, read in parallel; a venue that fails or does not answer in time is left out. */
  private async read(): Promise<MarketRead> {
    const venues = await Promise.all(this.providers.map((provider) => this.ask(provider)));
    const pools = new Map(venues.flatMap((venue) => (venue.ok ? venue.pools.map((pool) => [pool.id, pool] as const) : [])));
    return { venues, pools };
  }

  private async ask(provider: QuoteProvider): Promise<MarketRead['venues'][number]> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new QuoteTimeoutError(this.timeoutMs)), this.timeoutMs);
    try {
      const pools = await provider.pools(controller.signal);
      this.count(provider.venue, 'ok', started);
      return { venue: provider.venue, ok: true, pools, latencyMs: latency() };
    } catch (error) {
      const code = error instanceof DomainError ? error.code : 'VENUE_ERROR';
      const message = error instanceof Error ? error.message : String(error);
      this.count(provider.venue, code, started);
      return { venue: provider.venue, ok: false, error: { code, message }, latencyMs: latency() };
    } finally {
      clearTimeout(timer);
    }
  }

  private count(venue: VenueId, outcome: string, started: number): void {
    this.metrics?.venueQuotes.inc({ venue, outcome });
    this.metrics?.venueQuoteSeconds.observe({ venue }, (performance.now() - started) / 1000);
  }

  private logDecision(decision: RoutingDecision, context: Record<string, unknown>): void {
    if (!Logger.isLevelEnabled('log')) return;
    this.logger.log({
      msg: 'route chosen',
      ...context,
      pair: `${decision.request.input.symbol}/${decision.request.output.symbol}`,
      amountIn: decision.request.amountIn.toString(),
      quotes: toQuoteViews(decision.outcomes).map((q) =>
        q.ok ? { venue: q.venue, pool: q.pool, amountOut: q.amountOut, priceImpactBps: q.priceImpactBps, feeBps: q.feeBps } : q,
      ),
      chosen: routeVenue(decision.route),
      legs: decision.route.legs.map((leg) => ({ pool: leg.pool, path: leg.path, amountIn: `${leg.amountIn}`, amountOut: `${leg.amountOut}` })),
      advantageBps: decision.advantageBps,
      gainBps: decision.gainBps,
      weighed: decision.candidates.length,
    });
  }
}
