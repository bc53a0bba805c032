import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EngineMetrics } from '../metrics/engine-metrics.service.js';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors/domain.error.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import type { Token } from '../tokens/token.js';
import { QUOTE_PROVIDERS, type QuoteProvider, type QuoteRequest, type VenueQuote } from './quote-provider.js';
import { AllVenuesFailedError, NoRouteError, QuoteTimeoutError } from './routing.errors.js';
import { chooseRoute, routeVenue, toQuoteViews, type RoutingDecision, type VenueOutcome } from './routing-decision.js';

/** The pair's market at one moment. */
export interface MarketSnapshot {
  /** The best venue's price for a small amount (output per input, UI units, net of fees): no order of any size gets more. */
  readonly spotPrice: number;
  /** The most one venue alone gives for all of `amountIn` (0 when none fills it): no route gives less. */
  bestSingleOut(amountIn: bigint): bigint;
  /** The best route for `amountIn` on this snapshot; undefined when no venue can fill it. */
  route(amountIn: bigint): RoutingDecision | undefined;
}

function watchedOutcome(venue: VenueId, quoteFor: (amountIn: bigint) => VenueQuote, amountIn: bigint): VenueOutcome {
  const quote = quoteFor(amountIn);
  if (quote.amountIn < amountIn) {
    return { venue, ok: false, error: { code: 'INSUFFICIENT_LIQUIDITY', message: `${venue} can fill ${quote.amountIn} of ${amountIn}` }, latencyMs: 0 };
  }
  return { venue, ok: true, quote: { ...quote, quoteFor }, latencyMs: 0 };
}

/** The most one venue alone gives for all of `amountIn` (0 when none fills it). */
function bestSingleVenueOut(venues: readonly { quoteFor: (amountIn: bigint) => VenueQuote }[], amountIn: bigint): bigint {
  return venues.reduce((best, { quoteFor }) => {
    const quote = quoteFor(amountIn);
    return quote.amountIn === amountIn && quote.amountOut > best ? quote.amountOut : best;
  }, 0n);
}

/** Asks every venue that lists the pair for a quote, in parallel, and picks the best net output. */
@Injectable()
export class DexRouter {
  private readonly logger = new Logger(DexRouter.name);
  private readonly timeoutMs: number;

  constructor(
    @Inject(QUOTE_PROVIDERS) private readonly providers: readonly QuoteProvider[],
    config: AppConfig,
    @Optional() private readonly metrics?: EngineMetrics,
  ) {
    this.timeoutMs = config.routing.quoteTimeoutMs;
  }

  async route(request: QuoteRequest, context: Record<string, unknown> = {}): Promise<RoutingDecision> {
    const outcomes = await this.quoteAll(request);
    const decision = chooseRoute(request, outcomes);
    if (!decision) throw new AllVenuesFailedError(toQuoteViews(outcomes));
    if (!context.quiet) this.logDecision(decision, context);
    return decision;
  }

  /**
   * The pair's venues as this process sees them now: routes any size
   * without asking again (what a trigger checking many resting orders needs).
   * Undefined when no venue lists the pair.
   */
  async snapshot(input: Token, output: Token): Promise<MarketSnapshot | undefined> {
    const venues = this.providers.filter((p) => p.supports(input, output));
    const watched = await Promise.all(
      venues.map((p) =>
        p.watch(input, output).then(
          (quoteFor) => ({ venue: p.venue, quoteFor }),
          () => undefined,
        ),
      ),
    );
    const live = watched.filter((w) => w !== undefined);
    if (live.length === 0) return undefined;
    const probe = 10n ** BigInt(Math.max(0, input.decimals - 3));
    // A snapshot never changes: resting orders of the same size (round sizes are common) share one answer.
    const singleOuts = new Map<bigint, bigint>();
    return {
      spotPrice: Math.max(...live.map(({ quoteFor }) => quoteFor(probe).price)),
      bestSingleOut: (amountIn) => {
        let best = singleOuts.get(amountIn);
        if (best === undefined) singleOuts.set(amountIn, (best = bestSingleVenueOut(live, amountIn)));
        return best;
      },
      route: (amountIn) =>
        chooseRoute(
          { input, output, amountIn },
          live.map(({ venue, quoteFor }) => watchedOutcome(venue, quoteFor, amountIn)),
        ),
    };
  }

  /** Calls `listener` when any venue's pools change. Returns the unsubscribe. */
  onMarketChange(listener: () => void): () => void {
    const stops = this.providers.map((provider) => provider.onChange(listener));
    return () => stops.forEach((stop) => stop());
  }

  /** Every listing venue's quote or error, asked in parallel; no route is chosen. */
  async quoteAll(request: QuoteRequest): Promise<VenueOutcome[]> {
    const venues = this.providers.filter((p) => p.supports(request.input, request.output));
    if (venues.length === 0) throw new NoRouteError(`${request.input.symbol}/${request.output.symbol}`);
    return Promise.all(venues.map((provider) => this.ask(provider, request)));
  }

  private async ask(provider: QuoteProvider, request: QuoteRequest): Promise<VenueOutcome> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new QuoteTimeoutError(this.timeoutMs)), this.timeoutMs);
    try {
      const quote = await provider.quote(request, controller.signal);
      this.count(provider.venue, 'ok', started);
      return { venue: provider.venue, ok: true, quote, latencyMs: latency() };
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
        q.ok ? { venue: q.venue, amountOut: q.amountOut, priceImpactBps: q.priceImpactBps, feeBps: q.feeBps, latencyMs: q.latencyMs } : q,
      ),
      chosen: routeVenue(decision.route),
      legs: decision.route.legs.map((leg) => ({ venue: leg.venue, amountIn: `${leg.amountIn}`, amountOut: `${leg.amountOut}` })),
      advantageBps: decision.advantageBps,
      splitGainBps: decision.splitGainBps,
    });
  }
}
