import { Injectable } from '@nestjs/common';
import type { OrderLifecycleEvent, StatusChange } from '../contracts/order-lifecycle.js';
import { OrderRepository } from '../database/order.repository.js';
import { OrderEventsPublisher } from './order-events.publisher.js';

/** Moves an order to a new status: stored first, then published, so a replay never misses a step. */
@Injectable()
export class OrderLifecycle {
  constructor(
    private readonly orders: OrderRepository,
    private readonly publisher: OrderEventsPublisher,
  ) {}

  /**
   * Returns the event, or undefined when the store refused the change (the
   * order is terminal, or `runId` no longer owns it).
   */
  async record(orderId: string, change: StatusChange, runId?: string): Promise<OrderLifecycleEvent | undefined> {
    const event = await this.orders.record(orderId, change, new Date(), runId);
    if (event) await this.publisher.publish(event);
    return event;
  }
}
