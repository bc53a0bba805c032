import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { FailureLog } from '../common/failure-log.js';
import { AppConfig } from '../config/app-config.js';
import { EngineMetrics } from '../metrics/engine-metrics.service.js';
import { CANCELLABLE_STATUSES, type OrderLifecycleEvent, type OrderType } from '../contracts/order-lifecycle.js';
import { OrderQueries } from '../order-store/order-queries.port.js';
import type { OrderRecord } from '../order-store/order-record.js';
import { OrderEventsSubscriber } from '../events/order-events.subscriber.js';
import { OrderLifecycle } from '../order-store/order-lifecycle.service.js';
import { routeOffer, type TermsOrder } from '../order-types/order-type.handler.js';
import { OrderTypes } from '../order-types/order-types.service.js';
import { toJobTrade } from '../queue/order-execution.job.js';
import { OrderExecutionProducer } from '../queue/order-execution.producer.js';
import { QueueLimiter } from '../queue/queue-limiter.js';
import { DexRouter, type MarketSnapshot } from '../routing/dex-router.service.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import { pairKey, RestingBook, type RestingOrder } from './resting-book.js';

const RELOAD_PAGE = 5_000;
const EXPIRY_BATCH = 500;
/** Spot prices are display floats from a small probe: a margin so that an order right at its limit is still looked at. */
const SPOT_MARGIN = 1.0001;
const REFIRE_AFTER_MS = 10_000;
/** Pool changes come with every landed swap: passes they start are at least this far apart. */
const MIN_PASS_GAP_MS = 25;

interface Resting extends RestingOrder {
  readonly order: OrderRecord;
}

/**
 * Fires resting orders. Every worker process keeps the index of `waiting`
 * orders (rebuilt from the database at boot, kept current from the lifecycle
 * events of every process) and, on every tick, checks each pair's crossing
 * orders against the market as it is now; an order whose route reaches its
 * terms gets its job run again. Firing is idempotent across processes (one
 * job per order; the run goes ahead only if the order is still in the state
 * the trigger saw), and so is expiry (a conditional write).
 */
@Injectable()
export class OrderTriggers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrderTriggers.name);
  private readonly failures = new FailureLog(this.logger, 'triggers');
  private readonly book = new RestingBook<Resting>();
  /** Orders whose `waiting` event arrived: loaded from the store on the next tick. */
  private readonly toLoad = new Set<string>();
  /** order id → the `seq` its trigger fired for, and when: fired once per resting state, again only if that run came to nothing. */
  private readonly fired = new Map<string, { readonly atSeq: number; readonly at: number; readonly times: number }>();
  private reloadNeeded = true;
  private ticking = false;
  /** A pool changed while a pass was running: run another one right after it. */
  private again = false;
  private timer?: NodeJS.Timeout;
  private readonly stops: (() => void)[] = [];
  private lastExpirySweep = 0;
  private lastPassAt = 0;
  private pending?: NodeJS.Timeout;

  constructor(
    private readonly orders: OrderQueries,
    private readonly subscriber: OrderEventsSubscriber,
    private readonly producer: OrderExecutionProducer,
    private readonly lifecycle: OrderLifecycle,
    private readonly router: DexRouter,
    private readonly types: OrderTypes,
    private readonly tokens: TokenRegistry,
    private readonly config: AppConfig,
    private readonly metrics: EngineMetrics,
    private readonly limiter: QueueLimiter,
  ) {}

  /** Ready once the resting orders are indexed: a worker does not serve before it can fire them. */
  async onApplicationBootstrap(): Promise<void> {
    this.metrics.gauge('oee_resting_orders', "Resting orders in this worker's trigger index", [], (gauge) => void gauge.set(this.book.size));
    this.stops.push(
      this.subscriber.listen({ onOrderEvent: (event) => this.observe(event), onResync: () => (this.reloadNeeded = true) }),
      // A landed swap, a launch: check at once, in the pass that sees the change, not at the next tick.
      this.router.onMarketChange(() => (this.book.size > 0 || this.toLoad.size > 0) && this.soon()),
    );
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.triggers.intervalMs).unref();
  }

  /** A pass as soon as the last one is MIN_PASS_GAP_MS old: under a stream of landings, one pass per gap, not one per landing. */
  private soon(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastPassAt + MIN_PASS_GAP_MS - performance.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.tick();
    }, wait);
  }

  onModuleDestroy(): void {
    clearTimeout(this.pending);
    this.stops.forEach((stop) => stop());
    clearInterval(this.timer);
  }

  /** One pass: index changes, every pair's crossing orders, then expiries. */
  async tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    this.again = false;
    this.lastPassAt = performance.now();
    try {
      if (this.reloadNeeded) await this.reload();
      await this.loadNew();
      // Firing first: the expiry sweep (a query, once a second) must not delay a pass that a pool change started.
      // An order fired just past its expiry is refused by its run, which ends it `expired`.
      await this.evaluate();
      await this.expire();
      this.failures.recovered();
    } catch (error) {
      this.failures.failed(error as Error);
    } finally {
      this.ticking = false;
      if (this.again) this.soon();
    }
  }

  private observe(event: OrderLifecycleEvent): void {
    if (event.status === 'waiting') return void this.toLoad.add(event.orderId);
    // Any other step means the order is no longer resting (or not yet): out of the index.
    this.toLoad.delete(event.orderId);
    this.book.remove(event.orderId);
    this.fired.delete(event.orderId);
  }

  private async reload(): Promise<void> {
    this.reloadNeeded = false;
    this.book.clear();
    let afterId: string | undefined;
    for (;;) {
      const page = await this.orders.resting(RELOAD_PAGE, afterId);
      page.forEach((order) => this.index(order));
      if (page.length < RELOAD_PAGE) break;
      afterId = page[page.length - 1].id;
    }
    if (this.book.size > 0) this.logger.log(`${this.book.size} resting order(s) indexed`);
  }

  private async loadNew(): Promise<void> {
    if (this.toLoad.size === 0) return;
    const ids = [...this.toLoad];
    this.toLoad.clear();
    for (const order of await this.orders.findMany(ids)) this.index(order);
  }

  private index(order: OrderRecord): void {
    if (order.status !== 'waiting') return;
    const pair = pairKey(order.input.mint, order.output.mint);
    this.book.add({ id: order.id, pair, threshold: this.types.of(order.type).threshold(order.terms), atSeq: order.lastSeq, order });
  }

  /** Orders past their expiry that never started executing end `expired` (also those that expired while the engine was down). */
  private async expire(): Promise<void> {
    const now = Date.now();
    if (now - this.lastExpirySweep < 1_000) return;
    this.lastExpirySweep = now;
    // Together: the store writes them in one batch.
    await Promise.all(
      (await this.orders.expired(new Date(now), EXPIRY_BATCH)).map((order) =>
        this.lifecycle.record(
          order.id,
          { status: 'expired', attempt: order.attempts, details: { expiresAt: order.terms.expiresAt! } },
          { from: CANCELLABLE_STATUSES },
        ),
      ),
    );
  }

  private async evaluate(): Promise<void> {
    const started = performance.now();
    const due: Resting[] = [];
    for (const pair of this.book.pairKeys()) {
      const [inputMint, outputMint] = pair.split('>');
      const [input, output] = [this.tokens.resolve(inputMint), this.tokens.resolve(outputMint)];
      // A pair whose output has not launched (a sniper's) is not known here yet: nothing to check until it is.
      if (!input || !output) continue;
      const market = await this.router.snapshot(input, output);
      if (!market) continue;
      for (const resting of this.book.crossing(pair, market.spotPrice * SPOT_MARGIN)) {
        const { type, amountIn, slippageBps, terms } = resting.order;
        if (!this.firedRecently(resting) && this.executable({ type, input, output, amountIn, slippageBps, terms }, market)) due.push(resting);
      }
    }
    if (due.length === 0) return;
    await this.fire(due);
    this.logger.log(`fired ${due.length} resting order(s) in ${Math.round(performance.now() - started)} ms`);
  }

  /**
   * A fired order leaves the index with its next event. One still resting in the same state long after its
   * trigger fired had a run that did nothing (its quotes timed out, its job was lost): it may fire again —
   * safely, as the run goes ahead only for that state.
   */
  private firedRecently({ id, atSeq }: Resting): boolean {
    const fired = this.fired.get(id);
    return fired !== undefined && fired.atSeq === atSeq && Date.now() - fired.at < REFIRE_AFTER_MS;
  }

  /**
   * An order whose run the queue's rate limit will hold back says so first: a new `waiting` event (stored, then
   * published, only if nothing happened to the order since), whose state the fire is then for. Undefined when the
   * order moved on meanwhile (a cancel): nothing to fire.
   */
  private async sayWhenHeld(resting: Resting): Promise<Resting | undefined> {
    const queued = this.limiter.holdForNewJob();
    if (!queued) return resting;
    const { order } = resting;
    const reason = 'its terms are met: queued behind the rate limit of order starts';
    const waiting = {
      reason,
      limitPrice: order.terms.limitPrice,
      maxPrice: order.terms.maxPrice,
      bestPrice: null,
      gapBps: null,
      expiresAt: order.terms.expiresAt,
      queued,
    };
    const [event] = await this.lifecycle.record(order.id, { status: 'waiting', attempt: order.attempts, details: waiting }, { atSeq: resting.atSeq });
    return event && { ...resting, atSeq: event.seq };
  }

  /** `order` with its tokens as the registry knows them now (a sniper's output learns its decimals at launch). */
  private executable(order: TermsOrder & { readonly type: OrderType }, market: MarketSnapshot): boolean {
    const handler = this.types.of(order.type);
    // The best venue alone is a lower bound of the best route, and cheap (no split search): often enough to decide.
    if (handler.assess(order, { amountIn: order.amountIn, amountOut: market.bestSingleOut(order.amountIn), price: 0 }).ready) return true;
    const decision = market.route(order.amountIn);
    if (!decision) return false;
    return handler.assess(order, routeOffer(decision)).ready;
  }

  /** All the pass's orders at once: each gets the job for the state its trigger saw (a refire, a job of its own). */
  private async fire(reached: readonly Resting[]): Promise<void> {
    const due = (await Promise.all(reached.map((resting) => this.sayWhenHeld(resting)))).filter((resting) => resting !== undefined);
    const at = Date.now();
    const fires = due.map(({ id, atSeq, order }) => {
      const earlier = this.fired.get(id);
      const refire = earlier?.atSeq === atSeq ? earlier.times : 0;
      this.fired.set(id, { atSeq, at, times: refire + 1 });
      return { orderId: id, trade: toJobTrade(order), atSeq, refire };
    });
    try {
      await this.producer.triggerAll(fires);
    } catch (error) {
      due.forEach(({ id }) => this.fired.delete(id)); // the next tick tries again
      throw error;
    }
  }
}
