import type { OrderLifecycleEvent, OrderStatus } from './order-lifecycle.js';
import type { FieldError } from './rest.js';

/** Socket-style frames: `{"event": K, "data": Map[K]}` in both directions. */
export interface ClientFrameMap {
  subscribe: { readonly orderId: string };
  unsubscribe: { readonly orderId: string };
  /** Cancels an order that has not started executing. */
  cancel: { readonly orderId: string };
  /** The body of `POST /api/orders/execute`. */
  execute: Record<string, unknown>;
}

export interface WsErrorData {
  readonly code: string;
  readonly message: string;
  /** The client event that caused the error, when it could be read. */
  readonly event?: string;
  readonly orderId?: string;
  readonly errors?: readonly FieldError[];
  readonly orderStatus?: OrderLifecycleEvent['status'];
  /** RATE_LIMITED, OVERLOADED, SHUTTING_DOWN: when to try again. */
  readonly retryAfterSeconds?: number;
}

export interface ServerFrameMap {
  'order.status': OrderLifecycleEvent;
  /** `pending` for a new order; a repeat of an idempotent execute answers the order's status now. */
  'order.accepted': { readonly orderId: string; readonly status: OrderStatus; readonly wsUrl: string };
  'order.cancelled': { readonly orderId: string; readonly status: 'cancelled' };
  subscribed: { readonly orderId: string };
  unsubscribed: { readonly orderId: string };
  error: WsErrorData;
}

export type ServerEvent = keyof ServerFrameMap;

/**
 * A status frame also carries `orderId`, `status` and `seq` beside `data`: the seed README's client reads
 * `JSON.parse(message).status`.
 */
export type OrderStatusFrame = {
  readonly event: 'order.status';
  readonly orderId: string;
  readonly status: OrderLifecycleEvent['status'];
  readonly seq: number;
  readonly data: OrderLifecycleEvent;
};

export type ServerFrame<K extends ServerEvent = ServerEvent> = {
  [E in K]: E extends 'order.status' ? OrderStatusFrame : { event: E; data: ServerFrameMap[E] };
}[K];
export type ClientEvent = keyof ClientFrameMap;

export function serverFrame<K extends Exclude<ServerEvent, 'order.status'>>(event: K, data: ServerFrameMap[K]): ServerFrame<K> {
  return { event, data } as ServerFrame<K>;
}

export function statusFrame(event: OrderLifecycleEvent): OrderStatusFrame {
  return { event: 'order.status', orderId: event.orderId, status: event.status, seq: event.seq, data: event };
}

/** `JSON.stringify(statusFrame(event))`, around the event's JSON when it is at hand (encoded once for every socket and Redis). */
export function encodeStatusFrame(event: OrderLifecycleEvent, eventJson = JSON.stringify(event)): string {
  return `{"event":"order.status","orderId":${JSON.stringify(event.orderId)},"status":${JSON.stringify(event.status)},"seq":${event.seq},"data":${eventJson}}`;
}
