import type { OrderLifecycleEvent, OrderStatus, StatusChange, StatusDetails } from '../contracts/order-lifecycle.js';
import type { NewOrder, OrderRecord } from './order-record.js';

/** When a change may be stored, beside "the order is not terminal". */
export interface RecordCondition {
  /** Another run must not own the order (see `OrderWrites.claim`). */
  readonly runId?: string;
  /** Only from one of these statuses. */
  readonly from?: readonly OrderStatus[];
  /** Only when the order's last event is this one: nothing has happened to it since it was read. */
  readonly atSeq?: number;
  /**
   * Take the order for `runId` instead of requiring it, and only when no earlier run has sent a swap for it
   * (no tx hash): a run that starts an order afresh.
   */
  readonly claim?: boolean;
}

/**
 * Writes to orders. Only `OrderLifecycle` holds it (the module does not export it): every change of an order
 * goes through the one service that stores, then publishes.
 */
export abstract class OrderWrites {
  /** Stores a new order with its `pending` event; undefined, storing nothing, when its owner already used its client order id. */
  abstract insert(order: NewOrder, pending: StatusDetails['pending']): Promise<OrderLifecycleEvent | undefined>;
  /** Undoes `insert` when the order could not be queued. */
  abstract remove(orderId: string): Promise<void>;
  /**
   * Makes `runId` the only run allowed to change the order from now on (fencing off a stalled run that
   * BullMQ handed to another worker). Undefined when the order is missing or terminal.
   */
  abstract claim(orderId: string, runId: string): Promise<OrderRecord | undefined>;
  /**
   * Applies the changes (in order) and appends their events, unless the order is terminal or the condition
   * fails. Returns the stored events, or an empty array when the changes were refused.
   */
  abstract record(orderId: string, changes: readonly StatusChange[], condition?: RecordCondition): Promise<OrderLifecycleEvent[]>;
}
