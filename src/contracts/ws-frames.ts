import type { OrderLifecycleEvent } from './order-lifecycle.js';
import type { FieldError } from './rest.js';

/** Socket-style frames: `{"event": K, "data": Map[K]}` in both directions. */
export interface ClientFrameMap {
  subscribe: { readonly orderId: string };
  unsubscribe: { readonly orderId: string };
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
}

export interface ServerFrameMap {
  'order.status': OrderLifecycleEvent;
  'order.accepted': { readonly orderId: string; readonly status: 'pending'; readonly wsUrl: string };
  subscribed: { readonly orderId: string };
  unsubscribed: { readonly orderId: string };
  error: WsErrorData;
}

export type ServerEvent = keyof ServerFrameMap;
export type ServerFrame<K extends ServerEvent = ServerEvent> = { [E in K]: { event: E; data: ServerFrameMap[E] } }[K];
export type ClientEvent = keyof ClientFrameMap;

export function serverFrame<K extends ServerEvent>(event: K, data: ServerFrameMap[K]): ServerFrame<K> {
  return { event, data } as ServerFrame<K>;
}
