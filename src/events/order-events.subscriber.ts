import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-options.js';
import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { eventsOfMessage, orderEventsChannel, sourceOfEventsMessage } from './order-events.publisher.js';
import { LocalOrderEvents } from './local-order-events.js';

export interface OrderEventsListener {
  onOrderEvent(event: OrderLifecycleEvent): void;
  /** Called after the subscription was lost and restored: events may have been missed. */
  onResync(): void;
}

/** Receives every process's lifecycle events (this one's directly, the others' from Redis) and hands them to local listeners. */
@Injectable()
export class OrderEventsSubscriber implements OnModuleInit {
  private readonly logger = new Logger(OrderEventsSubscriber.name);
  private readonly listeners = new Set<OrderEventsListener>();
  private readonly redis: RedisClient;
  private readonly channel: string;
  private subscribedOnce = false;

  constructor(
    connections: RedisConnections,
    private readonly local: LocalOrderEvents,
  ) {
    this.redis = connections.create('subscriber');
    this.channel = orderEventsChannel(connections);
  }

  async onModuleInit(): Promise<void> {
    this.local.listen((events) => this.deliver(events));
    this.redis.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.dispatch(message);
    });
    this.redis.on('ready', () => {
      if (this.subscribedOnce) void this.resubscribe();
    });
    await this.redis.subscribe(this.channel);
    this.subscribedOnce = true;
  }

  /**
   * After a reconnect: 'ready' comes before the subscription is restored, and
   * events published in between would be missed by a resync made at 'ready'.
   * So subscribe (again: Redis ignores a repeated subscribe) and resync once
   * Redis has confirmed it. If that fails, the next 'ready' tries again.
   */
  private async resubscribe(): Promise<void> {
    try {
      await this.redis.subscribe(this.channel);
    } catch (error) {
      this.logger.warn(`could not subscribe again: ${(error as Error).message}`);
      return;
    }
    this.listeners.forEach((l) => l.onResync());
  }

  listen(listener: OrderEventsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatch(message: string): void {
    // This process's own events reached its listeners when they were published.
    if (sourceOfEventsMessage(message) === this.local.source) return;
    let events: OrderLifecycleEvent[];
    try {
      events = eventsOfMessage(message);
    } catch {
      this.logger.warn('ignored a malformed message on the order events channel');
      return;
    }
    this.deliver(events);
  }

  private deliver(events: readonly OrderLifecycleEvent[]): void {
    for (const event of events) for (const listener of this.listeners) listener.onOrderEvent(event);
  }
}
