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

export interface HistoryQuery {
  readonly status?: OrderStatus;
  readonly limit: number;
  /** Exclusive: orders strictly older than this (created_at, id) position. */
  readonly before?: { readonly createdAt: Date; readonly id: string };
  /** Only this owner's orders; absent: everyone's. */
  readonly owner?: string;
}

/** Reads of orders and their events. */
export abstract class OrderQueries {
  abstract find(orderId: string): Promise<OrderRecord | undefined>;
  abstract findMany(orderIds: readonly string[]): Promise<OrderRecord[]>;
  /** The order's events in `seq` order; empty for an unknown order (every order has its `pending` event). */
  abstract events(orderId: string): Promise<OrderLifecycleEvent[]>;
  /** Who placed the order (null: placed while the engine ran open; undefined: no such order). */
  abstract ownerOf(orderId: string): Promise<string | null | undefined>;
  abstract byClientOrderId(owner: string | null, clientOrderId: string): Promise<OrderRecord | undefined>;
  /** Newest first, keyset-paginated on (created_at, id). */
  abstract history(query: HistoryQuery): Promise<OrderRecord[]>;
  /** Orders resting until the market allows them, by id (`afterId`: keyset page). */
  abstract resting(limit: number, afterId?: string): Promise<OrderRecord[]>;
  /** Orders past their expiry that have not started executing, soonest expiry first. */
  abstract expired(now: Date, limit: number): Promise<OrderRecord[]>;
  /** Orders accepted before `createdBefore`, not terminal and not resting (triggers own those), oldest first. */
  abstract unfinished(createdBefore: Date, limit: number): Promise<OrderRecord[]>;
  abstract countByStatus(): Promise<Partial<Record<OrderStatus, number>>>;
  /** Orders that reached `status` since `since`. */
  abstract countReached(status: OrderStatus, since: Date): Promise<number>;
}
