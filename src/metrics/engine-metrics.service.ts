import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isTerminalStatus, type OrderLifecycleEvent, type OrderStatus } from '../contracts/order-lifecycle.js';
import { OrderEventsSubscriber } from '../events/order-events.subscriber.js';

/** Orders whose last event this process remembers (for stage durations); the oldest are forgotten first. */
const TRACKED_ORDERS = 100_000;

/**
 * The engine's Prometheus metrics, all under `oee_`. Lifecycle figures come
 * from the event stream every API process receives (so each API process
 * reports every order: read one, or take the max across them); request,
 * venue and socket figures are this process's own.
 */
@Injectable()
export class EngineMetrics implements OnModuleInit, OnModuleDestroy {
  readonly registry = new Registry();
  private readonly lastEvent = new Map<string, { status: OrderStatus; at: number }>();
  private stop?: () => void;

  readonly ordersFinished = new Counter({
    name: 'oee_orders_finished_total',
    help: 'Orders that reached a terminal status, by status',
    labelNames: ['status'],
    registers: [this.registry],
  });
  readonly stageSeconds = new Histogram({
    name: 'oee_order_stage_seconds',
    help: 'Time an order spent in a lifecycle status before its next one, by that status',
    labelNames: ['stage'],
    buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120, 600, 3600],
    registers: [this.registry],
  });
  readonly submitSeconds = new Histogram({
    name: 'oee_submit_duration_seconds',
    help: 'Time to accept (or refuse) a submit, REST or WebSocket',
    labelNames: ['outcome'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly venueQuotes = new Counter({
    name: 'oee_venue_quotes_total',
    help: 'Quotes asked of each venue, by outcome (ok or the error code)',
    labelNames: ['venue', 'outcome'],
    registers: [this.registry],
  });
  readonly venueQuoteSeconds = new Histogram({
    name: 'oee_venue_quote_seconds',
    help: 'Time a venue took to answer a quote',
    labelNames: ['venue'],
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly freshStartsMissed = new Counter({
    name: 'oee_execution_fresh_starts_missed_total',
    help: 'Runs that could not start an order afresh and claimed it to look first, by reason (routing-failed; build-failed; refused: a swap sent already, terminal, or changed since its trigger)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly chainSends = new Counter({
    name: 'oee_chain_sends_total',
    help: 'sendTransaction calls for swaps on the Solana network (first sends and rebroadcasts)',
    registers: [this.registry],
  });
  readonly chainTransactions = new Counter({
    name: 'oee_chain_transactions_total',
    help: 'Swap transactions sent to the Solana network, by what they came to (landed, failed, expired, network-reset)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly chainConfirmSeconds = new Histogram({
    name: 'oee_chain_confirm_seconds',
    help: 'From the first send of a swap transaction to its fate (landed, failed or expired) at the configured commitment',
    labelNames: ['outcome'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly chainBuildStepSeconds = new Histogram({
    name: 'oee_chain_build_step_seconds',
    help: 'Time a swap transaction spent in each step of its building (funds: the wallet read; reserve: the venues take their side; prepare: fee estimate, simulation and signing; record: the signature recorded)',
    labelNames: ['step'],
    buckets: [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly chainFeesLamports = new Counter({
    name: 'oee_chain_fees_lamports_total',
    help: 'Fees paid by landed swap transactions, in lamports',
    registers: [this.registry],
  });
  readonly chainRpcFailures = new Counter({
    name: 'oee_chain_rpc_failures_total',
    help: 'Swap attempts that could not reach the Solana RPC endpoint (RPC_UNAVAILABLE)',
    registers: [this.registry],
  });
  readonly wsConnections = new Gauge({ name: 'oee_ws_connections', help: 'Open WebSocket connections on this process', registers: [this.registry] });

  constructor(private readonly subscriber: OrderEventsSubscriber) {
    collectDefaultMetrics({ register: this.registry, prefix: 'oee_' });
  }

  onModuleInit(): void {
    this.stop = this.subscriber.listen({ onOrderEvent: (event) => this.observe(event), onResync: () => undefined });
  }

  onModuleDestroy(): void {
    this.stop?.();
  }

  /** A gauge read when scraped (queue jobs by state, resting orders): `collect` fills it in. */
  gauge(name: string, help: string, labelNames: string[], collect: (gauge: Gauge) => Promise<void> | void): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await collect(this);
      },
    });
  }

  private observe(event: OrderLifecycleEvent): void {
    const at = Date.parse(event.at);
    const previous = this.lastEvent.get(event.orderId);
    if (previous && event.status !== previous.status) this.stageSeconds.observe({ stage: previous.status }, Math.max(0, at - previous.at) / 1000);
    this.lastEvent.delete(event.orderId);
    if (isTerminalStatus(event.status)) return void this.ordersFinished.inc({ status: event.status });
    this.lastEvent.set(event.orderId, { status: event.status, at });
    if (this.lastEvent.size > TRACKED_ORDERS) this.lastEvent.delete(this.lastEvent.keys().next().value!);
  }
}
