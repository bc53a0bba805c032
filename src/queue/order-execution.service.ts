import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { StatusChange } from '../contracts/order-lifecycle.js';
import { OrderRepository } from '../database/order.repository.js';
import type { OrderRecord } from '../database/order-record.js';
import { OrderLifecycle } from '../events/order-lifecycle.service.js';
import { DexRouter } from '../routing/dex-router.service.js';
import type { QuoteRequest } from '../routing/quote-provider.js';
import { toQuoteViews, toRouteView, type RoutingDecision } from '../routing/routing-decision.js';
import { SwapExecutor } from '../settlement/swap-executor.service.js';
import type { SettledSwap, SwapTransaction } from '../settlement/swap-transaction.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import { AttemptFailedError, judgeFailure, OrderFailedError, retryDelayMs, RunSupersededError, UnknownTokenError } from './execution.errors.js';
import { toJobTrade, type JobTrade, type OrderExecutionResult } from './order-execution.job.js';

export interface AttemptInfo {
  /** 1-based number of this attempt. */
  readonly number: number;
  readonly max: number;
  readonly backoffMs: number;
}

/**
 * One attempt at executing an order: route → build → submit → confirm.
 * Every step is stored (then published) before the next starts, and a swap
 * sent by an earlier attempt is reconciled before any new one is built, so a
 * retry or a restart never settles an order twice.
 */
@Injectable()
export class OrderExecutionService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly lifecycle: OrderLifecycle,
    private readonly router: DexRouter,
    private readonly executor: SwapExecutor,
    private readonly tokens: TokenRegistry,
  ) {}

  async run(orderId: string, attempt: AttemptInfo, trade?: JobTrade): Promise<OrderExecutionResult> {
    const runId = randomUUID();
    const step = (...changes: StatusChange[]) => this.advance(orderId, runId, changes);
    // The job carries the trade: the venues are asked before the order is read, and a fresh order is
    // claimed by the very write that stores its route. Awaited later (or not at all): never an unhandled rejection.
    const quoted = trade && Promise.resolve().then(() => this.router.route(this.tradeRequest(trade), { orderId, attempt: attempt.number }));
    quoted?.catch(() => undefined);
    const sent = quoted && trade.slippageBps !== undefined ? await this.startFresh(orderId, runId, attempt.number, quoted, trade.slippageBps) : undefined;
    const order = sent ? undefined : await this.orders.claim(orderId, runId);
    if (!sent && !order) return { status: 'skipped' };
    try {
      const swap = sent ? await this.executor.submit(sent) : await this.settle(order!, attempt.number, step, quoted);
      await step({
        status: 'confirmed',
        attempt: attempt.number,
        details: {
          txHash: swap.signature,
          venue: swap.venue,
          fills: swap.fills,
          amountIn: swap.amountIn.toString(),
          amountOut: swap.amountOut.toString(),
          executedPrice: swap.executedPrice,
        },
      });
      return { status: 'confirmed', txHash: swap.signature };
    } catch (error) {
      return this.recordFailure(attempt, error, step).catch((failure: unknown) => {
        // A run that lost the order (it stalled and another run took over) just stops.
        if (failure instanceof RunSupersededError) return { status: 'superseded' } as const;
        throw failure;
      });
    }
  }

  /**
   * One write claims a fresh order (no swap sent by an earlier run) and stores
   * its route, build and submission; returns the transaction to send, or
   * undefined when routing failed or the order is not fresh: the run then
   * claims the order and takes the careful path.
   */
  private async startFresh(
    orderId: string,
    runId: string,
    attempt: number,
    quoted: Promise<RoutingDecision>,
    slippageBps: number,
  ): Promise<SwapTransaction | undefined> {
    const decision = await quoted.catch(() => undefined);
    if (!decision) return undefined;
    const tx = this.executor.build(decision, slippageBps);
    const events = await this.lifecycle.claimAndRecord(orderId, runId, sendingChanges(decision, tx, attempt));
    return events.length > 0 ? tx : undefined;
  }

  private async settle(
    order: OrderRecord,
    attempt: number,
    step: (...c: StatusChange[]) => Promise<void>,
    quoted?: Promise<RoutingDecision>,
  ): Promise<SettledSwap> {
    if (order.txHash) {
      const earlier = await this.executor.reconcile(order.txHash);
      if (earlier) return earlier;
    }
    const decision = await (quoted ?? this.router.route(this.tradeRequest(toJobTrade(order)), { orderId: order.id, attempt }));
    const tx = this.executor.build(decision, order.slippageBps);
    // Routed, built and signed in one go: one write stores all three steps before the swap is sent.
    await step(...sendingChanges(decision, tx, attempt));
    return this.executor.submit(tx);
  }

  private async recordFailure(attempt: AttemptInfo, error: unknown, step: (...c: StatusChange[]) => Promise<void>): Promise<never> {
    if (error instanceof RunSupersededError) throw error;
    const { retryable, ...failure } = judgeFailure(error);
    const attemptsLeft = attempt.max - attempt.number;
    if (retryable && attemptsLeft > 0) {
      const nextAttemptAt = new Date(Date.now() + retryDelayMs(attempt.backoffMs, attempt.number)).toISOString();
      await step({ status: 'retrying', attempt: attempt.number, details: { error: failure, nextAttemptAt, attemptsLeft } });
      throw new AttemptFailedError(failure);
    }
    await step({ status: 'failed', attempt: attempt.number, details: { error: failure, attempts: attempt.number } });
    throw new OrderFailedError(failure);
  }

  private async advance(orderId: string, runId: string, changes: StatusChange[]): Promise<void> {
    const events = await this.lifecycle.record(orderId, changes, runId);
    if (events.length === 0) throw new RunSupersededError(orderId);
  }

  private tradeRequest({ inputMint, outputMint, amountIn }: JobTrade): QuoteRequest {
    const input = this.tokens.resolve(inputMint);
    const output = this.tokens.resolve(outputMint);
    if (!input) throw new UnknownTokenError(inputMint);
    if (!output) throw new UnknownTokenError(outputMint);
    return { input, output, amountIn: BigInt(amountIn) };
  }
}

/** Routed, built and submitted: the three steps stored together before a swap is sent. */
function sendingChanges(decision: RoutingDecision, tx: SwapTransaction, attempt: number): StatusChange[] {
  return [
    {
      status: 'routing',
      attempt,
      details: { quotes: toQuoteViews(decision.outcomes), route: toRouteView(decision) },
    },
    {
      status: 'building',
      attempt,
      details: {
        venue: tx.venue,
        legs: tx.legs.map((leg) => ({ venue: leg.venue, amountIn: `${leg.amountIn}`, expectedAmountOut: `${leg.expectedAmountOut}` })),
        amountIn: tx.amountIn.toString(),
        expectedAmountOut: tx.expectedAmountOut.toString(),
        minAmountOut: tx.minAmountOut.toString(),
        slippageBps: tx.slippageBps,
        steps: tx.steps,
      },
    },
    { status: 'submitted', attempt, details: { txHash: tx.signature, venue: tx.venue } },
  ];
}
