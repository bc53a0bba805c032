import { Injectable, Logger } from '@nestjs/common';
import type { OrderLifecycleEvent, StatusChange, StatusDetails } from '../contracts/order-lifecycle.js';
import { OrderEventsPublisher } from '../events/order-events.publisher.js';
import type { NewOrder, OrderRecord } from './order-record.js';
import { OrderWrites, type RecordCondition } from './order-writes.port.js';

/**
 * The one writer of order state: every change of an order is stored first and then published, so a replay
 * never misses a step and nothing is published that the store does not hold. Every other part of the engine
 * asks this service; none writes orders itself.
 */
@Injectable()
export class OrderLifecycle {
  private readonly logger = new Logger(OrderLifecycle.name);

  constructor(
    private readonly writes: OrderWrites,
    private readonly publisher: OrderEventsPublisher,
  ) {}

  /**
   * Stores a new order with its `pending` event, then has it queued (`enqueue`), then publishes the event.
   * An order that cannot be queued is removed again (and the error thrown): a refused order leaves nothing
   * behind. Undefined, doing nothing, when the owner already placed an order with the same client order id.
   */
  async place(order: NewOrder, pending: StatusDetails['pending'], enqueue: () => Promise<void>): Promise<OrderLifecycleEvent | undefined> {
    const event = await this.writes.insert(order, pending);
    if (!event) return undefined;
    try {
      await enqueue();
    } catch (error) {
      await this.writes.remove(order.id).catch((e: Error) => this.logger.error({ orderId: order.id, msg: `order ${order.id} not removed: ${e.message}` }));
      throw error;
    }
    return this.published([event])[0];
  }

  /** Makes `runId` the only run that may change the order from now on (see `OrderWrites.claim`). */
  claim(orderId: string, runId: string): Promise<OrderRecord | undefined> {
    return this.writes.claim(orderId, runId);
  }

  /**
   * Stores the changes (several at once share one write) and publishes their events. Returns the events, or
   * an empty array when the store refused the changes (the order is terminal, or the condition failed).
   */
  async record(orderId: string, changes: StatusChange | readonly StatusChange[], condition?: RecordCondition): Promise<OrderLifecycleEvent[]> {
    const list = Array.isArray(changes) ? (changes as readonly StatusChange[]) : [changes as StatusChange];
    return this.published(await this.writes.record(orderId, list, condition));
  }

  /**
   * Claims the order for `runId` and stores the changes in one write, when no earlier run sent a swap for it
   * (and, with `atSeq`, nothing happened to it since): a run starting the order afresh.
   */
  claimAndRecord(orderId: string, runId: string, changes: readonly StatusChange[], atSeq?: number): Promise<OrderLifecycleEvent[]> {
    return this.record(orderId, changes, { runId, claim: true, atSeq });
  }

  private published(events: OrderLifecycleEvent[]): OrderLifecycleEvent[] {
    if (events.length > 0) this.publisher.publish(events);
    return events;
  }
}
