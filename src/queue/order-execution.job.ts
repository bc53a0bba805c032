import type { Job } from 'bullmq';

/** The BullMQ queue orders are executed from. */
export const ORDER_QUEUE = 'order-execution';
export const EXECUTE_ORDER_JOB = 'execute-order';

export interface OrderExecutionJobData {
  readonly orderId: string;
}

export type OrderExecutionResult =
  | { readonly status: 'confirmed'; readonly txHash: string }
  /** The order was already terminal (or gone) when the job ran: nothing to do. */
  | { readonly status: 'skipped' }
  /** Another run of the same job took the order over (this one had stalled). */
  | { readonly status: 'superseded' };

export type OrderExecutionJob = Job<OrderExecutionJobData, OrderExecutionResult, typeof EXECUTE_ORDER_JOB>;
