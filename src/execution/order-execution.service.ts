import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { MARKET_TERMS, type OrderTerms, type StatusChange } from '../contracts/order-lifecycle.js';
import { EngineMetrics } from '../metrics/engine-metrics.service.js';
import type { OrderRecord } from '../order-store/order-record.js';
import { OrderLifecycle } from '../order-store/order-lifecycle.service.js';
import { routeOffer, type Assessment, type OrderTypeHandler } from '../order-types/order-type.handler.js';
import { OrderTypes } from '../order-types/order-types.service.js';
import type { OrderExecutionResult, JobTrade } from '../queue/order-execution.job.js';
import { toJobTrade } from '../queue/order-execution.job.js';
import { DexRouter } from '../routing/dex-router.service.js';
import type { QuoteRequest } from '../routing/quote-provider.js';
import type { RoutingDecision } from '../routing/routing-decision.js';
import { SwapSettlement } from '../settlement/swap-settlement.js';
import type { SettledSwap, SwapTransaction } from '../settlement/swap-transaction.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import { confirmedChange, expiredChange, failureChanges, isExpired, sendingChanges, termsOrder, waitingChange } from './execution-steps.js';
import { AttemptFailedError, OrderFailedError, RunSupersededError, UnknownTokenError } from './execution.errors.js';

export interface AttemptInfo {
  /** 1-based number of this attempt. */
  readonly number: number;
  readonly max: number;
  readonly backoffMs: number;
}

/** One run of an order's job: the run's id fences off any other run of the same order. */
interface Run {
  readonly orderId: string;
  readonly runId: string;
  readonly attempt: AttemptInfo;
  /** A trigger's first attempt goes ahead only if the order is still as the trigger saw it (not cancelled, not fired twice). */
  readonly atSeq: number | undefined;
}

/** How a fresh start went (see `startFresh`). */
type FreshStart =
  /** Claimed, with its route, build and submission stored: the transaction is to be sent. */
  | { readonly kind: 'sending'; readonly tx: SwapTransaction }
  /** Claimed, and stored `waiting`: its type keeps it resting. */
  | { readonly kind: 'rested' }
  /** Not started: the run claims the order and looks at it (`settle`), where any failure is recorded. */
  | { readonly kind: 'not-fresh' };

/** What landing an order came to. */
type Landing = { readonly kind: 'landed'; readonly swap: SettledSwap } | { readonly kind: 'rested' } | { readonly kind: 'expired' };

/** A job that carries its whole trade (jobs of older versions do not). */
type FullTrade = JobTrade & { readonly slippageBps: number; readonly owner: string | null };

const NOT_FRESH: FreshStart = { kind: 'not-fresh' };

/**
 * One attempt at executing an order: route → build → submit → confirm. Every step is stored (then published)
 * before the next starts, and a swap sent by an earlier attempt is reconciled before any new one is built, so
 * a retry or a restart never settles an order twice.
 *
 * Two ways in: a fresh order (no swap sent by an earlier run) is routed while it is claimed, and one write
 * claims it and stores its route, build and submission; any other order is claimed first and then looked at
 * (`settle`): an earlier swap reconciled, expiry checked, then routed and sent.
 */
@Injectable()
export class OrderExecutionService {
  private readonly logger = new Logger(OrderExecutionService.name);

  constructor(
    private readonly lifecycle: OrderLifecycle,
    private readonly router: DexRouter,
    private readonly settlement: SwapSettlement,
    private readonly tokens: TokenRegistry,
    private readonly types: OrderTypes,
    private readonly metrics: EngineMetrics,
  ) {}

  async run(orderId: string, attempt: AttemptInfo, trade?: JobTrade, trigger?: { readonly atSeq: number }): Promise<OrderExecutionResult> {
    const run: Run = { orderId, runId: randomUUID(), attempt, atSeq: attempt.number === 1 ? trigger?.atSeq : undefined };
    const start = isFullTrade(trade) && !isExpired(trade.terms) ? await this.startFresh(run, trade) : NOT_FRESH;
    if (start.kind === 'rested') return { status: 'waiting' };
    if (start.kind === 'sending') return this.land(run, this.types.of(trade?.type ?? 'market'), trade?.terms ?? MARKET_TERMS, () => this.send(start.tx));
    // A trigger's run goes ahead only afresh, for the state its trigger saw: the order changed since, or its
    // routing failed (logged above); it still rests, and its trigger fires again.
    if (run.atSeq !== undefined) return { status: 'skipped' };
    const order = await this.lifecycle.claim(orderId, run.runId);
    if (!order) return { status: 'skipped' };
    return this.land(run, this.types.of(order.type), order.terms, () => this.settle(run, order));
  }

  /**
   * Routes the job's trade, then claims the order and stores what the route decided in one write — only when
   * no earlier run sent a swap for it (and, for a trigger's run, nothing happened to it since). A routing
   * failure is logged and counted here; the claiming path meets it again and records it (a trigger's run
   * skips instead: its order rests, and the trigger fires again).
   */
  private async startFresh(run: Run, trade: FullTrade): Promise<FreshStart> {
    const decision = await this.routeFresh(run, trade);
    if (!decision) return NOT_FRESH;
    const assessment = this.assess(trade.type ?? 'market', decision, trade.slippageBps, trade.terms);
    if (!assessment.ready) {
      const stored = await this.lifecycle.claimAndRecord(run.orderId, run.runId, [waitingChange(run.attempt.number, assessment.waiting)], run.atSeq);
      return stored.length > 0 ? { kind: 'rested' } : this.notFresh('refused');
    }
    const tx = await this.buildFresh(run, decision, assessment, trade.owner);
    if (!tx) return NOT_FRESH;
    const stored = await this.lifecycle.claimAndRecord(run.orderId, run.runId, sendingChanges(decision, tx, run.attempt.number), run.atSeq);
    if (stored.length > 0) return { kind: 'sending', tx };
    await this.settlement.abandon(tx);
    return this.notFresh('refused');
  }

  private async buildFresh(
    run: Run,
    decision: RoutingDecision,
    assessment: Assessment & { ready: true },
    owner: string | null,
  ): Promise<SwapTransaction | undefined> {
    try {
      return await this.settlement.build(decision, assessment, { orderId: run.orderId, owner });
    } catch (error) {
      // Stryker disable next-line ObjectLiteral,StringLiteral: a debug line's wording; the failure itself is recorded on the claiming path
      this.logger.debug({ orderId: run.orderId, msg: `order ${run.orderId}: fresh build failed (${(error as Error).message}); claiming it to look again` });
      this.notFresh('build-failed');
      return undefined;
    }
  }

  private async routeFresh(run: Run, trade: FullTrade): Promise<RoutingDecision | undefined> {
    try {
      return await this.router.route(this.tradeRequest(trade), { orderId: run.orderId, attempt: run.attempt.number });
    } catch (error) {
      this.logger.debug({ orderId: run.orderId, msg: `order ${run.orderId}: fresh routing failed (${(error as Error).message}); claiming it to look again` });
      this.notFresh('routing-failed');
      return undefined;
    }
  }

  /** `refused`: the store would not claim it afresh (a swap sent already, terminal, or changed since its trigger). */
  private notFresh(reason: 'refused' | 'routing-failed' | 'build-failed'): FreshStart {
    this.metrics.freshStartsMissed.inc({ reason });
    return NOT_FRESH;
  }

  /** A claimed order that may have a past: its earlier swap reconciled, its expiry checked, then routed and sent. */
  private async settle(run: Run, order: OrderRecord): Promise<Landing> {
    if (order.txHash) {
      const earlier = await this.settlement.reconcile(order.txHash);
      if (earlier) return { kind: 'landed', swap: earlier };
    }
    if (order.terms.expiresAt !== null && isExpired(order.terms)) {
      await this.step(run, expiredChange(run.attempt.number, order.terms.expiresAt));
      return { kind: 'expired' };
    }
    const decision = await this.router.route(this.tradeRequest(toJobTrade(order)), { orderId: order.id, attempt: run.attempt.number });
    const assessment = this.assess(order.type, decision, order.slippageBps, order.terms);
    if (!assessment.ready) {
      // Already resting and still not executable: nothing new to say.
      if (order.status !== 'waiting') await this.step(run, waitingChange(run.attempt.number, assessment.waiting));
      return { kind: 'rested' };
    }
    const tx = await this.settlement.build(decision, assessment, { orderId: order.id, owner: order.owner });
    // Routed, built and signed in one go: one write stores all three steps before the swap is sent.
    try {
      await this.step(run, ...sendingChanges(decision, tx, run.attempt.number));
    } catch (error) {
      await this.settlement.abandon(tx);
      throw error;
    }
    return this.send(tx);
  }

  private async send(tx: SwapTransaction): Promise<Landing> {
    return { kind: 'landed', swap: await this.settlement.submit(tx) };
  }

  /** Lands the order and stores the outcome: `confirmed`, or the failure (resting again, retrying or failed). */
  private async land(run: Run, handler: OrderTypeHandler, terms: OrderTerms, landing: () => Promise<Landing>): Promise<OrderExecutionResult> {
    try {
      const outcome = await landing();
      if (outcome.kind === 'rested') return { status: 'waiting' };
      if (outcome.kind === 'expired') return { status: 'ended' };
      await this.step(run, confirmedChange(run.attempt.number, outcome.swap));
      return { status: 'confirmed', txHash: outcome.swap.signature };
    } catch (error) {
      if (error instanceof RunSupersededError) return { status: 'superseded' };
      return this.recordFailure(run, handler, terms, error);
    }
  }

  /** Stores what the failure means for the order; throws what the queue must know (a retry, or a final failure). */
  private async recordFailure(run: Run, handler: OrderTypeHandler, terms: OrderTerms, error: unknown): Promise<OrderExecutionResult> {
    const outcome = failureChanges(error, run.attempt, handler, terms);
    try {
      await this.step(run, outcome.change);
    } catch (failure) {
      // A run that lost the order (it stalled and another run took over, or it was cancelled) just stops.
      if (failure instanceof RunSupersededError) return { status: 'superseded' };
      throw failure;
    }
    switch (outcome.kind) {
      case 'rested':
        return { status: 'waiting' };
      case 'retrying':
        throw new AttemptFailedError(outcome.failure);
      case 'failed':
        throw new OrderFailedError(outcome.failure);
    }
  }

  private assess(type: OrderRecord['type'], decision: RoutingDecision, slippageBps: number, terms: OrderTerms | undefined): Assessment {
    return this.types.of(type).assess(termsOrder(decision.request, slippageBps, terms), routeOffer(decision));
  }

  /** Stores the run's changes; throws `RunSupersededError` when the run no longer owns the order. */
  private async step(run: Run, ...changes: StatusChange[]): Promise<void> {
    const events = await this.lifecycle.record(run.orderId, changes, { runId: run.runId });
    if (events.length === 0) throw new RunSupersededError(run.orderId);
  }

  private tradeRequest({ inputMint, outputMint, amountIn }: JobTrade): QuoteRequest {
    const input = this.tokens.resolve(inputMint);
    const output = this.tokens.resolve(outputMint);
    if (!input) throw new UnknownTokenError(inputMint);
    if (!output) throw new UnknownTokenError(outputMint);
    return { input, output, amountIn: BigInt(amountIn) };
  }
}

const isFullTrade = (trade: JobTrade | undefined): trade is FullTrade => trade?.slippageBps !== undefined && trade.owner !== undefined;
