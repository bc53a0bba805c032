import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-options.js';
import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';
import { RedisConnections } from '../redis/redis-connections.js';

/** Channel every process publishes lifecycle events to and every API process listens on. */
export const orderEventsChannel = (connections: RedisConnections): string => connections.key('order-events');

/**
 * Publishes stored lifecycle events on Redis, so that whichever process holds
 * the client's WebSocket streams them. Events published in the same turn of
 * the event loop, of any orders, go out as one message, in order. Publishing
 * is best effort and never holds up the caller: the event is already stored,
 * and subscribers fill any gap from the store.
 */
@Injectable()
export class OrderEventsPublisher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OrderEventsPublisher.name);
  private readonly redis: RedisClient;
  private readonly channel: string;
  private pending: OrderLifecycleEvent[] = [];

  constructor(connections: RedisConnections) {
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
    try {
      await this.redis.publish(this.channel, JSON.stringify(batch));
    } catch (error) {
      this.logger.warn(`${batch.length} event(s) not published: ${(error as Error).message}`);
    }
  }
}
