import type { OrderLifecycleEvent, StatusChange } from '../contracts/order-lifecycle.js';

/** A status change with the time it is stored at. */
export type TimedChange = StatusChange & { readonly at: string };

/** The event a stored change became: the shape every store gives back, and the one that is published. */
export function storedEvent(orderId: string, seq: number, change: TimedChange): OrderLifecycleEvent {
  return { orderId, seq, status: change.status, at: change.at, attempt: change.attempt, ...change.details } as OrderLifecycleEvent;
}

export const timed = (changes: readonly StatusChange[], at = new Date().toISOString()): TimedChange[] => changes.map((change) => ({ ...change, at }));
