import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';

const encoded = new WeakMap<OrderLifecycleEvent, string>();

/**
 * An event's JSON, encoded once however often it is sent: the Redis message that carries it and every
 * WebSocket frame built around it (an event object published in this process reaches its sockets as is).
 */
export function eventJson(event: OrderLifecycleEvent): string {
  let text = encoded.get(event);
  if (text === undefined) encoded.set(event, (text = JSON.stringify(event)));
  return text;
}
