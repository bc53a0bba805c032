import type { OrderLifecycleEvent, OrderStatus } from '../contracts/order-lifecycle.js';
import type { OrderRecord } from './order-record.js';

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
