import { Injectable, Logger } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-options.js';
import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';
import { RedisConnections } from '../redis/redis-connections.js';

/** Channel every process publishes lifecycle events to and every API process listens on. */
export const orderEventsChannel = (connections: RedisConnections): string => connections.key('order-events');

/**
 * Publishes stored lifecycle events on Redis, so that whichever process holds
 * the client's WebSocket streams them. Publishing is best effort: the event is
 * already stored, and subscribers replay from the store.
 */
@Injectable()
export class OrderEventsPublisher {
  private readonly logger = new Logger(OrderEventsPublisher.name);
  private readonly redis: RedisClient;
  private readonly channel: string;

  constructor(connections: RedisConnections) {
    this.redis = connections.create('publisher');
    this.channel = orderEventsChannel(connections);
  }

  /** Several events of one order go out as one message, in order. */
  async publish(events: OrderLifecycleEvent | readonly OrderLifecycleEvent[]): Promise<void> {
    const batch = Array.isArray(events) ? events : [events as OrderLifecycleEvent];
    try {
      await this.redis.publish(this.channel, JSON.stringify(batch));
    } catch (error) {
      this.logger.warn(`events of ${batch[0].orderId} not published: ${(error as Error).message}`);
    }
  }
}
