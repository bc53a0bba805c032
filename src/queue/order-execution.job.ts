import type { Job } from 'bullmq';
import type { OrderTerms, OrderType } from '../contracts/order-lifecycle.js';

/** The BullMQ queue orders are executed from. */
export const ORDER_QUEUE = 'order-execution';
export const EXECUTE_ORDER_JOB = 'execute-order';

export interface OrderExecutionJobData {
  readonly orderId: string;
  /**
   * What the order trades, copied from the stored order at enqueue time, so
   * that the worker can ask the venues for quotes while it claims the order
   * (the stored order stays the truth: its claim decides whether the quote is used).
   */
  readonly trade?: JobTrade;
  /** Set when a resting order's trigger fired: the run only goes ahead if the order is still as the trigger saw it. */
  readonly trigger?: { readonly atSeq: number };
}

export interface JobTrade {
  readonly inputMint: string;
  readonly outputMint: string;
  /** Base units of the input token, as a decimal string. */
  readonly amountIn: string;
  /** Absent in jobs queued by versions before 1.1: such a job claims the order before it routes. */
  readonly slippageBps?: number;
  /** Absent in jobs queued before order types: market. */
  readonly type?: OrderType;
  readonly terms?: OrderTerms;
  /** Whose wallet pays (an API key's name; null when the engine runs open). Absent in jobs queued before wallets: such a job claims the order before it routes. */
  readonly owner?: string | null;
}

/** What an order trades, as a job carries it. */
export const toJobTrade = (order: {
  readonly type: OrderType;
  readonly input: { mint: string };
  readonly output: { mint: string };
  readonly amountIn: bigint;
  readonly slippageBps: number;
  readonly terms: OrderTerms;
  readonly owner: string | null;
}): JobTrade => ({
  inputMint: order.input.mint,
  outputMint: order.output.mint,
  amountIn: order.amountIn.toString(),
  slippageBps: order.slippageBps,
  type: order.type,
  terms: order.terms,
  owner: order.owner,
});

/** A resting order to run again, for the state of it its trigger saw. */
export interface TriggerFire {
  readonly orderId: string;
  readonly trade: JobTrade;
  /** The `seq` of the `waiting` event the trigger saw. */
  readonly atSeq: number;
  /** How many times this state fired before (its runs came to nothing): each fire is a job of its own. */
  readonly refire?: number;
}

/**
 * An order's first run is the job with the order's id; a run its trigger starts is the job for that waiting
 * state (one per state, whichever process fires it).
 */
export const triggerJobId = (orderId: string, atSeq: number, refire = 0): string => `${orderId}@${atSeq}${refire > 0 ? `.${refire}` : ''}`;

/** A run the recovery sweep queues for an unfinished order whose job is gone, for the order's state then. */
export const rerunJobId = (orderId: string, lastSeq: number): string => `${orderId}@again${lastSeq}`;

export type OrderExecutionResult =
  | { readonly status: 'confirmed'; readonly txHash: string }
  /** The order was already terminal (or gone) when the job ran: nothing to do. */
  | { readonly status: 'skipped' }
  /** A resting order: not executable now, it waits for its trigger. */
  | { readonly status: 'waiting' }
  /** The order was cancelled or expired before it executed. */
  | { readonly status: 'ended' }
  /** Another run of the same job took the order over (this one had stalled). */
  | { readonly status: 'superseded' };

export type OrderExecutionJob = Job<OrderExecutionJobData, OrderExecutionResult, typeof EXECUTE_ORDER_JOB>;
