import { MARKET_TERMS, type ErrorView, type OrderTerms, type StatusChange, type StatusDetails } from '../contracts/order-lifecycle.js';
import type { MissedMarket, OrderTypeHandler, TermsOrder } from '../order-types/order-type.handler.js';
import type { QuoteRequest } from '../routing/quote-provider.js';
import { AllVenuesFailedError, NoRouteError } from '../routing/routing.errors.js';
import { toQuoteViews, toRouteView, type RoutingDecision } from '../routing/routing-decision.js';
import { SlippageExceededError } from '../settlement/settlement.errors.js';
import type { SettledSwap, SwapTransaction } from '../settlement/swap-transaction.js';
import { judgeFailure, retryDelayMs, UnknownTokenError } from './execution.errors.js';

// The status changes one execution run stores, as pure functions of what it found.

export const isExpired = (terms: OrderTerms | undefined, now = Date.now()): boolean => terms?.expiresAt != null && Date.parse(terms.expiresAt) <= now;

export const termsOrder = (request: QuoteRequest, slippageBps: number, terms: OrderTerms = MARKET_TERMS): TermsOrder => ({
  input: request.input,
  output: request.output,
  amountIn: request.amountIn,
  slippageBps,
  terms,
});

export const waitingChange = (attempt: number, waiting: StatusDetails['waiting']): StatusChange => ({ status: 'waiting', attempt, details: waiting });

export const expiredChange = (attempt: number, expiresAt: string): StatusChange => ({ status: 'expired', attempt, details: { expiresAt } });

/** Routed, built and submitted: the three steps stored together before a swap is sent. */
export function sendingChanges(decision: RoutingDecision, tx: SwapTransaction, attempt: number): StatusChange[] {
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
        legs: tx.legs.map((leg) => ({ venue: leg.venue, pool: leg.pool, amountIn: `${leg.amountIn}`, expectedAmountOut: `${leg.expectedAmountOut}` })),
        amountIn: tx.amountIn.toString(),
        expectedAmountOut: tx.expectedAmountOut.toString(),
        minAmountOut: tx.minAmountOut.toString(),
        slippageBps: tx.slippageBps,
        steps: tx.steps,
      },
    },
    { status: 'submitted', attempt, details: { txHash: tx.signature, venue: tx.venue, ...(tx.network ? { network: tx.network } : {}) } },
  ];
}

export const confirmedChange = (attempt: number, swap: SettledSwap): StatusChange => ({
  status: 'confirmed',
  attempt,
  details: {
    txHash: swap.signature,
    venue: swap.venue,
    fills: swap.fills,
    amountIn: swap.amountIn.toString(),
    amountOut: swap.amountOut.toString(),
    executedPrice: swap.executedPrice,
    ...(swap.network ? { network: swap.network } : {}),
  },
});

/** What a failed attempt means for the order, and the change that says so. */
type FailureOutcome =
  /** An order of a resting type that found no market rests (again) until its trigger finds one: it has not failed. */
  | { readonly kind: 'rested'; readonly change: StatusChange }
  /** A transient failure with attempts left: the queue runs the next attempt after the backoff. */
  | { readonly kind: 'retrying'; readonly change: StatusChange; readonly failure: ErrorView }
  | { readonly kind: 'failed'; readonly change: StatusChange; readonly failure: ErrorView };

export function failureChanges(
  error: unknown,
  attempt: { readonly number: number; readonly max: number; readonly backoffMs: number },
  handler: Pick<OrderTypeHandler, 'restsAfter'>,
  terms: OrderTerms,
  now = Date.now(),
): FailureOutcome {
  const missed = missedMarket(error);
  if (missed && handler.restsAfter.has(missed)) {
    return { kind: 'rested', change: waitingChange(attempt.number, restingAgain(missed, error as Error, terms)) };
  }
  const { retryable, ...failure } = judgeFailure(error);
  const attemptsLeft = attempt.max - attempt.number;
  if (retryable && attemptsLeft > 0) {
    const nextAttemptAt = new Date(now + retryDelayMs(attempt.backoffMs, attempt.number)).toISOString();
    return { kind: 'retrying', failure, change: { status: 'retrying', attempt: attempt.number, details: { error: failure, nextAttemptAt, attemptsLeft } } };
  }
  return { kind: 'failed', failure, change: { status: 'failed', attempt: attempt.number, details: { error: failure, attempts: attempt.number } } };
}

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
