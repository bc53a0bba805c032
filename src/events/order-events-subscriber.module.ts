import { Module } from '@nestjs/common';
import { OrderEventsSubscriber } from './order-events.subscriber.js';

/** Receiving every process's lifecycle events: what a process that streams them to clients needs. */
@Module({
  providers: [OrderEventsSubscriber],
  exports: [OrderEventsSubscriber],
})
export class OrderEventsSubscriberModule {}
