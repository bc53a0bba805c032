import { Injectable } from '@nestjs/common';
import type { OrderLifecycleEvent, StatusChange } from '../contracts/order-lifecycle.js';
import { OrderRepository, type RecordCondition } from '../database/order.repository.js';
import { OrderEventsPublisher } from './order-events.publisher.js';

/** Moves an order through statuses: stored first, then published, so a replay never misses a step. */
@Injectable()
export class OrderLifecycle {
  constructor(
    private readonly orders: OrderRepository,
    private readonly publisher: OrderEventsPublisher,
  ) {}

  /**
   * Stores the changes (several at once share one write) and publishes their
   * events. Returns the events, or an empty array when the store refused the
   * changes (the order is terminal, or `runId` no longer owns it).
   */
  async record(orderId: string, changes: StatusChange | readonly StatusChange[], condition?: RecordCondition): Promise<OrderLifecycleEvent[]> {
    return this.published(await this.orders.record(orderId, Array.isArray(changes) ? changes : [changes as StatusChange], condition));
  }

  /** Claims the order for `runId` and stores the changes in one write, when no earlier run sent a swap for it (see `OrderRepository.claimAndRecord`). */
  async claimAndRecord(orderId: string, runId: string, changes: readonly StatusChange[], atSeq?: number): Promise<OrderLifecycleEvent[]> {
    return this.published(await this.orders.claimAndRecord(orderId, runId, changes, atSeq));
  }

  private published(events: OrderLifecycleEvent[]): OrderLifecycleEvent[] {
    if (events.length > 0) this.publisher.publish(events);
    return events;
  }
}
