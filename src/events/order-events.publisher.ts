import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-options.js';
import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { LocalOrderEvents } from './local-order-events.js';
import { eventJson } from './event-json.js';

/** Channel every process publishes lifecycle events to and every API process listens on. */
export const orderEventsChannel = (connections: RedisConnections): string => connections.key('order-events');

/** A message on the channel: the publishing process's id (`LocalOrderEvents.source`), a newline, the events as a JSON array. */
export const encodeEventsMessage = (source: string, events: readonly OrderLifecycleEvent[]): string => `${source}\n[${events.map(eventJson).join(',')}]`;

/** The publishing process of a message, read without parsing its events ('' for a bare array, as engines published before they named themselves). */
export const sourceOfEventsMessage = (message: string): string => (message.startsWith('[') ? '' : message.slice(0, message.indexOf('\n')));

/** The events of a message; throws on one that is not JSON. */
export const eventsOfMessage = (message: string): OrderLifecycleEvent[] =>
  JSON.parse(message.startsWith('[') ? message : message.slice(message.indexOf('\n') + 1)) as OrderLifecycleEvent[];

/**
 * Publishes stored lifecycle events on Redis, so that whichever process holds
 * the client's WebSocket streams them, and hands them to this process's own
 * listeners directly. Events published in the same turn of the event loop, of
 * any orders, go out as one message, in order. Publishing is best effort and
 * never holds up the caller: the event is already stored, and subscribers
 * fill any gap from the store.
 */
@Injectable()
export class OrderEventsPublisher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OrderEventsPublisher.name);
  private readonly redis: RedisClient;
  private readonly channel: string;
  private pending: OrderLifecycleEvent[] = [];

  constructor(
    connections: RedisConnections,
    private readonly local: LocalOrderEvents,
  ) {
    this.redis = connections.create('publisher');
    this.channel = orderEventsChannel(connections);
  }

  publish(events: OrderLifecycleEvent | readonly OrderLifecycleEvent[]): void {
    if (this.pending.length === 0) setImmediate(() => void this.flush());
    this.pending.push(...(Array.isArray(events) ? events : [events as OrderLifecycleEvent]));
  }

  /** After the worker drained (module destroy), before the connections close (application shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.local.emit(batch);
    try {
      await this.redis.publish(this.channel, encodeEventsMessage(this.local.source, batch));
    } catch (error) {
      this.logger.warn(`${batch.length} event(s) not published: ${(error as Error).message}`);
    }
  }
}
