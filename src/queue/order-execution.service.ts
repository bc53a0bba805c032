import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MARKET_TERMS, type OrderTerms, type StatusChange, type StatusDetails } from '../contracts/order-lifecycle.js';
import { routeOffer, type MissedMarket, type TermsOrder, type OrderTypeHandler } from '../order-types/order-type.handler.js';
import { OrderTypes } from '../order-types/order-types.service.js';
import { AllVenuesFailedError, NoRouteError } from '../routing/routing.errors.js';
import { SlippageExceededError } from '../settlement/settlement.errors.js';
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
    private readonly types: OrderTypes,
  ) {}

  async run(orderId: string, attempt: AttemptInfo, trade?: JobTrade, trigger?: { readonly atSeq: number }): Promise<OrderExecutionResult> {
    const runId = randomUUID();
    const step = (...changes: StatusChange[]) => this.advance(orderId, runId, changes);
    // A trigger's first attempt goes ahead only if the order is still as the trigger saw it (not cancelled, not fired twice).
    const atSeq = attempt.number === 1 ? trigger?.atSeq : undefined;
    const fresh = canStartFresh(trade) ? await this.startFresh(orderId, runId, attempt.number, trade, atSeq) : undefined;
    if (fresh === 'waiting') return { status: 'waiting' };
    if (!fresh && atSeq !== undefined) return { status: 'skipped' };
    const order = fresh ? undefined : await this.orders.claim(orderId, runId);
    if (!fresh && !order) return { status: 'skipped' };
    const handler = this.types.of(order?.type ?? trade?.type ?? 'market');
    const terms = order?.terms ?? trade?.terms ?? MARKET_TERMS;
    try {
      const outcome = fresh ? await this.executor.submit(fresh) : await this.settle(order!, attempt.number, step);
      if (outcome === 'waiting' || outcome === 'expired') return { status: outcome === 'waiting' ? 'waiting' : 'ended' };
      await step({
        status: 'confirmed',
        attempt: attempt.number,
        details: {
          txHash: outcome.signature,
          venue: outcome.venue,
          fills: outcome.fills,
          amountIn: outcome.amountIn.toString(),
          amountOut: outcome.amountOut.toString(),
          executedPrice: outcome.executedPrice,
        },
      });
      return { status: 'confirmed', txHash: outcome.signature };
    } catch (error) {
      return this.recordFailure(attempt, error, step, handler, terms).catch((failure: unknown) => {
        // A run that lost the order (it stalled and another run took over, or it was cancelled) just stops.
        if (failure instanceof RunSupersededError) return { status: 'superseded' } as const;
        throw failure;
      });
    }
  }

  /**
   * The venues are asked before the order is read (the job carries the
   * trade), and one write claims a fresh order (no swap sent by an earlier
   * run) and stores its route, build and submission — or, for an order its
   * type keeps resting, its `waiting`. Returns the transaction to send,
   * 'waiting', or undefined when routing failed or the order is not fresh:
   * the run then claims the order and takes the careful path.
   */
  private async startFresh(
    orderId: string,
    runId: string,
    attempt: number,
    trade: JobTrade & { readonly slippageBps: number },
    atSeq: number | undefined,
  ): Promise<SwapTransaction | 'waiting' | undefined> {
    // Any failure here (an unknown token, no venue answering) is met again, and recorded, on the careful path.
    const decision = await Promise.resolve()
      .then(() => this.router.route(this.tradeRequest(trade), { orderId, attempt }))
      .catch(() => undefined);
    if (!decision) return undefined;
    const request = decision.request;
    const assessment = this.types.of(trade.type ?? 'market').assess(termsOrder(request, trade.slippageBps, trade.terms), routeOffer(decision));
    if (!assessment.ready) {
      const events = await this.lifecycle.claimAndRecord(orderId, runId, [{ status: 'waiting', attempt, details: assessment.waiting }], atSeq);
      return events.length > 0 ? 'waiting' : undefined;
    }
    const tx = this.executor.build(decision, assessment);
    const events = await this.lifecycle.claimAndRecord(orderId, runId, sendingChanges(decision, tx, attempt), atSeq);
    return events.length > 0 ? tx : undefined;
  }

  private async settle(order: OrderRecord, attempt: number, step: (...c: StatusChange[]) => Promise<void>): Promise<SettledSwap | 'waiting' | 'expired'> {
    if (order.txHash) {
      const earlier = await this.executor.reconcile(order.txHash);
      if (earlier) return earlier;
    }
    if (isExpired(order.terms)) {
      await step({ status: 'expired', attempt, details: { expiresAt: order.terms.expiresAt! } });
      return 'expired';
    }
    const request = this.tradeRequest(toJobTrade(order));
    const decision = await this.router.route(request, { orderId: order.id, attempt });
    const assessment = this.types.of(order.type).assess(termsOrder(request, order.slippageBps, order.terms), routeOffer(decision));
    if (!assessment.ready) {
      // Already resting and still not executable: nothing new to say.
      if (order.status !== 'waiting') await step({ status: 'waiting', attempt, details: assessment.waiting });
      return 'waiting';
    }
    const tx = this.executor.build(decision, assessment);
    // Routed, built and signed in one go: one write stores all three steps before the swap is sent.
    await step(...sendingChanges(decision, tx, attempt));
    return this.executor.submit(tx);
  }

  private async recordFailure(
    attempt: AttemptInfo,
    error: unknown,
    step: (...c: StatusChange[]) => Promise<void>,
    handler: OrderTypeHandler,
    terms: OrderTerms,
  ): Promise<OrderExecutionResult> {
    if (error instanceof RunSupersededError) throw error;
    const missed = missedMarket(error);
    if (missed && handler.restsAfter.has(missed)) {
      // The market moved between the trigger and the landing, no venue answered, or the token has not launched:
      // an order of a resting type rests (again) until its trigger finds the market; it has not failed.
      await step({ status: 'waiting', attempt: attempt.number, details: restingAgain(missed, error as Error, terms) });
      return { status: 'waiting' };
    }
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
    const events = await this.lifecycle.record(orderId, changes, { runId });
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

const isExpired = (terms: OrderTerms | undefined): boolean => terms?.expiresAt != null && Date.parse(terms.expiresAt) <= Date.now();

const termsOrder = (request: QuoteRequest, slippageBps: number, terms: OrderTerms = MARKET_TERMS): TermsOrder => ({
  input: request.input,
  output: request.output,
  amountIn: request.amountIn,
  slippageBps,
  terms,
});

/** A job that carries its trade (jobs of older versions do not), for an order not past its expiry. */
const canStartFresh = (trade: JobTrade | undefined): trade is JobTrade & { readonly slippageBps: number } =>
  trade?.slippageBps !== undefined && !isExpired(trade.terms);

/** Which way a run found no market, for the errors that say so. */
function missedMarket(error: unknown): MissedMarket | undefined {
  if (error instanceof SlippageExceededError) return 'slippage';
  if (error instanceof AllVenuesFailedError) return 'noVenue';
  if (error instanceof NoRouteError || error instanceof UnknownTokenError) return 'noPool';
  return undefined;
}

const RESTING_REASONS: Record<MissedMarket, (message: string) => string> = {
  slippage: (message) => `the market moved before the swap landed (${message}); resting again`,
  noVenue: (message) => `${message}; resting until the venues answer`,
  noPool: () => 'no venue lists the pair yet; waiting for its pool to launch',
};

function restingAgain(missed: MissedMarket, error: Error, terms: OrderTerms): StatusDetails['waiting'] {
  return {
    reason: RESTING_REASONS[missed](error.message),
    limitPrice: terms.limitPrice,
    maxPrice: terms.maxPrice,
    bestPrice: null,
    gapBps: null,
    expiresAt: terms.expiresAt,
  };
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
